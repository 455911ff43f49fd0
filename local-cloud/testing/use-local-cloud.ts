// One local cloud per test file: started before the file's tests, stopped after them.
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../index.js';

/** Handle to the file's cloud; `cloud` throws if read before beforeAll ran. */
export interface CloudHandle {
  readonly cloud: LocalCloud;
}

/** Registers beforeAll/afterAll hooks for one cloud, and a beforeEach that clears faults and the request log and resets the clock. */
export function useLocalCloud(options: LocalCloudOptions = {}): CloudHandle {
  let started: LocalCloud | undefined;
  beforeAll(async () => {
    started = await startLocalCloud(options);
  });
  beforeEach(() => {
    started?.faults.clear();
    if (started && options.latencyMs) started.faults.latencyMs = options.latencyMs;
    started?.log.clear();
    started?.resetClock();
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get cloud(): LocalCloud {
      if (!started)
        throw new Error(
          'The local cloud is not started yet: read handle.cloud inside a test or hook.',
        );
      return started;
    },
  };
}

/**
 * Runs `test` against a cloud of its own, stopped afterwards: for `it.concurrent` rows, which must
 * not share faults, the clock or the request log.
 */
export async function withLocalCloud<T>(
  options: LocalCloudOptions,
  test: (cloud: LocalCloud) => Promise<T>,
): Promise<T> {
  const cloud = await startLocalCloud(options);
  try {
    return await test(cloud);
  } finally {
    await cloud.stop();
  }
}
