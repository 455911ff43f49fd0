// One profile text (built-in, workspace file or the inline `app` input) parsed with positions, so
// every problem can name its line and column.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import { isMapping, type KeyPath } from './key-path.js';
import type { ProfileProblem } from './profile-problems.js';

/** A parsed profile text: its plain value and the document that knows where each key is. */
export interface ProfileLayer {
  /** Where the text came from, as messages name it: a workspace path, "input app" or a built-in name. */
  file: string;
  value: Record<string, unknown>;
  document: Document;
  lineCounter: LineCounter;
}

/** A position in a layer; `exact` is false when only a parent of the path exists there. */
export interface LayerPosition {
  file: string;
  line: number;
  column: number;
  exact: boolean;
  depth: number;
}

/** Returns the parsed layer, or the parser's problems (with line and column) when the text is not a YAML/JSON mapping. */
export function parseProfileLayer(
  text: string,
  file: string,
): { layer?: ProfileLayer; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const position = error.linePos?.[0];
      const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const key = error.code === 'DUPLICATE_KEY' ? parseKeyAt(text, error.pos[0]) : undefined;
      if (key)
        return {
          message: `not valid YAML: the key '${key}' is given twice in one mapping; expected each key once`,
          file,
          line: position?.line,
          column: position?.col,
        };
      return {
        message: `not valid YAML: ${message}`,
        file,
        line: position?.line,
        column: position?.col,
      };
    });
    return { problems };
  }
  const value: unknown = document.toJS({ maxAliasCount: 100 });
  if (!isMapping(value)) {
    const shown =
      value === null || value === undefined
        ? 'empty'
        : `a ${Array.isArray(value) ? 'list' : typeof value}`;
    return {
      problems: [
        {
          message: `the profile is ${shown}; expected a mapping of keys such as displayName and permissions`,
          file,
          line: 1,
          column: 1,
        },
      ],
    };
  }
  return { layer: { file, value, document, lineCounter }, problems: [] };
}

/** The plain or quoted key that starts at `offset`, for naming a duplicated key. */
function parseKeyAt(text: string, offset: number): string | undefined {
  const match = /^(?:"([^"\n]*)"|'([^'\n]*)'|([^:#\n]*?))\s*:/.exec(text.slice(offset));
  const key = match?.[1] ?? match?.[2] ?? match?.[3];
  return key ? key.trim() : undefined;
}

/** Returns where `path` is in the layer (the key itself when `atKey`), or the deepest parent present, or undefined. */
export function locateInLayer(
  layer: ProfileLayer,
  path: KeyPath,
  atKey = false,
): LayerPosition | undefined {
  let node: unknown = layer.document.contents;
  let offset = rangeStart(node);
  let depth = 0;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (!next) break;
    node = next.value;
    offset =
      atKey && depth === path.length - 1 && next.keyOffset !== undefined
        ? next.keyOffset
        : (rangeStart(next.value) ?? next.keyOffset);
    depth++;
  }
  if (offset === undefined) return undefined;
  const { line, col } = layer.lineCounter.linePos(offset);
  return { file: layer.file, line, column: col, exact: depth === path.length, depth };
}

function childOf(
  node: unknown,
  segment: string | number,
): { value: unknown; keyOffset?: number } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    if (!pair) return undefined;
    return { value: pair.value, keyOffset: rangeStart(pair.key) };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
