// How layers combine (extends ← profile ← app): mappings merge deeply, lists and scalars replace,
// and null removes a key.
import { isMapping } from './key-path.js';
import { locateInLayer, type LayerPosition, type ProfileLayer } from './profile-layer.js';
import type { KeyPath } from './key-path.js';

/** Returns `over` merged onto `base`; neither input is changed. */
export function mergeProfileValues(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null || value === undefined) {
      Reflect.deleteProperty(merged, key);
    } else if (isMapping(value)) {
      const below = merged[key];
      merged[key] = mergeProfileValues(isMapping(below) ? below : {}, value);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

/** Returns the merge of all layers, lowest first. */
export function mergeLayers(layers: readonly ProfileLayer[]): Record<string, unknown> {
  return layers.reduce<Record<string, unknown>>(
    (merged, layer) => mergeProfileValues(merged, layer.value),
    {},
  );
}

/**
 * Returns where a merged value came from: the topmost layer that holds the path itself (lists
 * replace whole, so that layer supplied it), else the layer holding its deepest parent.
 */
export function locateInLayers(
  layers: readonly ProfileLayer[],
  path: KeyPath,
  atKey = false,
): LayerPosition | undefined {
  let best: LayerPosition | undefined;
  for (let index = layers.length - 1; index >= 0; index--) {
    const position = locateInLayer(layers[index], path, atKey);
    if (!position) continue;
    if (position.exact) return position;
    if (!best || position.depth > best.depth) best = position;
  }
  return best;
}
