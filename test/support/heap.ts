import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * The live heap's high-water mark while `run` runs, above where it stood before. `run` calls
 * `sample` as it goes (after every chunk read); every `gcEvery`-th sample collects garbage first,
 * so the mark is memory still in use, not garbage the collector has not reached yet. The
 * collections slow the run: time anything in runs of its own.
 */
export async function peakHeap<T>(
  run: (sample: () => void) => Promise<T>,
  gcEvery = 1,
): Promise<{ result: T; heapGrowth: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let heap = base;
  let samples = 0;
  const live = () => {
    gc();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  };
  const result = await run(() => {
    if (++samples % gcEvery === 0) live();
  });
  live();
  return { result, heapGrowth: heap - base };
}

/**
 * Reads a response body chunk by chunk as a client would, calling `sample` after the first chunk
 * and then after every `every` bytes (a collection per small chunk would be most of the run).
 */
export async function drain(
  res: Response,
  sample: () => void,
  every = 256 * 1024,
): Promise<number> {
  if (!res.body) return 0;
  const reader = res.body.getReader();
  let bytes = 0;
  let sampledAt = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.length;
    if (sampledAt < 0 || bytes - sampledAt >= every) {
      sampledAt = bytes;
      sample();
    }
  }
}

export const MiB = 1 << 20;
