/**
 * The benchmark suite: `npm run bench`. Every figure is printed beside a baseline measured in
 * the same run, as a ratio, with its goal and PASS/MISS. Temp files live under os.tmpdir() and
 * are removed afterwards.
 *
 * BENCH_QUICK=1 shrinks every size (for checking the suite itself; its figures mean little).
 * The exit code is 0 when the suite ran, MISS or not; it is 1 when something failed to run.
 */
import Database from 'better-sqlite3';
import { cpus, tmpdir } from 'node:os';
import { runBalanceRead } from './balance-read.js';
import { runBatchPosting } from './batch-posting.js';
import { runHttpPosting } from './http-posting.js';
import {
  formatMs,
  log,
  nowMs,
  passes,
  removeTempDirs,
  table,
  type Figure,
  type PopulateTime,
} from './lib.js';
import { runListsAndExports } from './lists-exports.js';
import { runTrialBalance } from './trial-balance.js';
import { runStatements } from './statements.js';
import { runVerify } from './verify.js';

const quick = process.env.BENCH_QUICK === '1';
const scale = (full: number, small: number) => (quick ? small : full);
/** BENCH_ONLY=1,3 runs only those figures (for working on the suite). */
const only = new Set((process.env.BENCH_ONLY ?? '1,2,3,4,5,6,7').split(',').map((s) => s.trim()));

async function main(): Promise<void> {
  const started = nowMs();
  const sqliteVersion = (
    new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }
  ).v;
  log(`Kindling benchmarks${quick ? ' (BENCH_QUICK: reduced sizes)' : ''}`);
  log(
    `node ${process.version}, SQLite ${sqliteVersion}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, temp files in ${tmpdir()}`,
  );

  const figures: Figure[] = [];
  const populate: PopulateTime[] = [];

  // Figure 1 measures a server that has been running, so its warm-up lasts until V8 has compiled
  // the request path. After 300 requests V8's optimising compiler was still at work through the
  // measured phase (249 functions optimised; its threads took 310-340 µs of CPU a request on
  // the 2 cores the server shares with its clients). After 3,000: 34, and 67-73 µs.
  if (only.has('1'))
    figures.push(
      ...(await runHttpPosting({ clients: 64, warmup: scale(3000, 50), count: scale(3000, 300) })),
    );

  if (only.has('2')) {
    const balance = await runBalanceRead({
      bigPostings: scale(100_000, 5_000),
      smallPostings: 10,
      perCommit: 1_000,
      storeBudgetMs: scale(30_000, 3_000),
      writes: scale(100, 20),
      warmup: scale(200, 20),
      iterations: scale(2_000, 200),
      asOfIterations: scale(200, 20),
    });
    figures.push(...balance.figures);
    populate.push(...balance.populate);
  }

  if (only.has('3')) {
    const trial = await runTrialBalance({
      entries: scale(500_000, 10_000),
      accounts: 200,
      perCommit: 5_000,
      storeBudgetMs: scale(75_000, 2_000),
      repetitions: scale(7, 3),
    });
    figures.push(...trial.figures);
    populate.push(...trial.populate);
  }

  if (only.has('4')) {
    const statements = await runStatements({
      lines: scale(10_000, 1_000),
      smallLines: scale(1_000, 100),
      repetitions: scale(5, 2),
      entries: scale(500_000, 10_000),
      accounts: 200,
      perCommit: 5_000,
      storeBudgetMs: scale(75_000, 2_000),
      hledgerRuns: scale(2, 1),
    });
    figures.push(...statements.figures);
    populate.push(...statements.populate);
  }

  if (only.has('5'))
    figures.push(
      ...(await runBatchPosting({
        batches: scale(20, 3),
        perBatch: 1_000,
        // As for figure 1: after 2 warm-up batches V8 still optimised 39 functions (16
        // deoptimised) while the measured batches ran; after 6, 17 (4).
        warmupBatches: scale(6, 1),
        rounds: scale(4, 1),
      })),
    );

  if (only.has('6'))
    figures.push(
      ...(await runListsAndExports({
        small: scale(1_000, 100),
        large: scale(10_000, 1_000),
        exportsSmall: scale(2_000, 200),
        repetitions: scale(7, 3),
      })),
    );

  if (only.has('7')) {
    const verify = await runVerify({
      entries: scale(1_000_000, 10_000),
      added: 1_000,
      repetitions: scale(5, 2),
      storeBudgetMs: scale(20_000, 2_000),
    });
    figures.push(...verify.figures);
    populate.push(...verify.populate);
  }

  log(
    '\n== Results (ratio = ours / baseline; rows marked "info" are extra and not part of the verdict)',
  );
  log(
    table(
      ['#', 'Figure', 'Ours', 'Baseline (same run)', 'Ratio', 'Goal', 'Result'],
      figures.map((f) => [
        f.id,
        f.name,
        f.ours,
        f.baseline,
        f.ratio.toFixed(f.ratio < 0.1 ? 4 : 2),
        f.goal ? `${f.goal.op} ${f.goal.value}` : '-',
        f.goal ? `${passes(f) ? 'PASS' : 'MISS'}${f.required ? '' : ' (info)'}` : 'info',
      ]),
    ),
  );
  log('\n== Populate times');
  log(
    table(
      ['What', 'Time', 'Detail'],
      populate.map((p) => [p.what, formatMs(p.ms), p.detail]),
    ),
  );

  const required = figures.filter((f) => f.required);
  const missed = required.filter((f) => !passes(f));
  log(
    `\n${required.length - missed.length}/${required.length} required figures PASS${missed.length ? `; MISS: ${missed.map((f) => f.id).join(', ')}` : ''}. Whole run ${formatMs(nowMs() - started)}.`,
  );
}

main()
  .catch((error: unknown) => {
    console.error('\nBenchmark failed:', error);
    process.exitCode = 1;
  })
  .finally(removeTempDirs);
