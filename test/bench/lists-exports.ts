/**
 * Figure 6: the report, the lists and the exports as an alliance grows (issue 14).
 *
 * 6a. GET the Small Sparks report, the commissioners' report and the first page of the
 * applications, awards and working lists at 10,000 applications (all awarded, half paid: see
 * test/support/sparks-bulk.ts) against the same at 1,000, through app.request on a file database,
 * the body read as a client would. Latency is the median of runs of their own; the heap is the
 * live high-water mark of one more run, collecting garbage after each chunk read (floored at
 * 1 MiB: below that it is noise). Goal: 10,000 costs no more than half again 1,000 (a page and
 * a report are flat), with the absolute figures beside (the issue's aim: ≤ 50 ms, ≤ 16 MB).
 *
 * 6b. The streamed exports (360Giving JSON, CSV grant register, hledger journal) at 10,000
 * awards against 2,000: the live heap while the whole file is read. Goal: ≤ 1.5 (bounded).
 */
import { exportWorld } from '../support/export-world.js';
import { drain, MiB, peakHeap } from '../support/heap.js';
import { formatBytes, formatMs, log, makeTempDir, median, nowMs, type Figure } from './lib.js';

export interface ListsBenchOptions {
  small: number;
  large: number;
  exportsSmall: number;
  repetitions: number;
}

type World = Awaited<ReturnType<typeof exportWorld>>;

const READS: Record<string, string> = {
  'Small Sparks report': 'report?from=2026-04-01&to=2027-03-31',
  "commissioners' report": 'commissioners-report',
  'applications, first page': 'applications',
  'awards, first page': 'awards',
  'working list': 'working-list',
};
const EXPORTS: Record<string, string> = {
  '360Giving JSON': 'grants.360giving.json',
  'grant register CSV': 'grants.csv',
  'hledger journal': '/v1/ledger/journal.hledger',
};

async function get(world: World, path: string, sample: () => void): Promise<number> {
  const res = await world.f.call('GET', path, world.f.coordinator, undefined, false);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return drain(res, sample);
}

async function timeOf(world: World, path: string, repetitions: number): Promise<number> {
  await get(world, path, () => undefined);
  const runs: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const t0 = nowMs();
    await get(world, path, () => undefined);
    runs.push(nowMs() - t0);
  }
  return median(runs);
}

async function heapOf(world: World, path: string): Promise<number> {
  return (await peakHeap((sample) => get(world, path, sample), 1)).heapGrowth;
}

export async function runListsAndExports(options: ListsBenchOptions): Promise<Figure[]> {
  log(
    `\n== 6. The report, lists and exports at ${options.large.toLocaleString('en-GB')} applications`,
  );
  const dir = makeTempDir('lists');
  const world = await exportWorld(`${dir}/kindling.sqlite`);
  const measureReads = async () => {
    const out: Record<string, { ms: number; heap: number }> = {};
    for (const [name, path] of Object.entries(READS))
      out[name] = {
        ms: await timeOf(world, path, options.repetitions),
        heap: await heapOf(world, path),
      };
    return out;
  };
  const measureExports = async () => {
    const out: Record<string, number> = {};
    for (const [name, path] of Object.entries(EXPORTS)) out[name] = await heapOf(world, path);
    return out;
  };
  let t0 = nowMs();
  world.grow(Math.min(options.small, options.exportsSmall));
  const smaller = options.small <= options.exportsSmall;
  const first = smaller ? await measureReads() : null;
  const firstExports = smaller ? null : await measureExports();
  world.grow(Math.max(options.small, options.exportsSmall));
  const small = first ?? (await measureReads());
  const smallExports = firstExports ?? (await measureExports());
  world.grow(options.large);
  log(
    `   populated ${options.large} applications (with their ledger) in ${formatMs(nowMs() - t0)}`,
  );
  t0 = nowMs();
  const large = await measureReads();
  const largeExports = await measureExports();
  log(`   measured in ${formatMs(nowMs() - t0)}`);
  const n = (k: number) => k.toLocaleString('en-GB');
  const floor = (bytes: number) => Math.max(bytes, MiB);
  const figures: Figure[] = [];
  for (const name of Object.keys(READS)) {
    const s = small[name]!;
    const l = large[name]!;
    figures.push(
      {
        id: '6a',
        name: `${name}: time at ${n(options.large)} applications`,
        ours: formatMs(l.ms),
        baseline: `${formatMs(s.ms)} at ${n(options.small)}`,
        ratio: l.ms / s.ms,
        goal: { op: '<=', value: 1.5 },
        required: true,
      },
      {
        id: '6a',
        name: `${name}: live heap at ${n(options.large)}`,
        ours: formatBytes(l.heap),
        baseline: `${formatBytes(s.heap)} at ${n(options.small)}`,
        ratio: floor(l.heap) / floor(s.heap),
        goal: { op: '<=', value: 1.5 },
        required: true,
      },
    );
  }
  for (const name of Object.keys(EXPORTS))
    figures.push({
      id: '6b',
      name: `${name} (streamed): live heap at ${n(options.large)} awards`,
      ours: formatBytes(largeExports[name]!),
      baseline: `${formatBytes(smallExports[name]!)} at ${n(options.exportsSmall)}`,
      ratio: floor(largeExports[name]!) / floor(smallExports[name]!),
      goal: { op: '<=', value: 1.5 },
      required: true,
    });
  world.sqlite.close();
  return figures;
}
