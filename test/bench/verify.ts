/**
 * Figure 6: verify that scales. On a ledger of `entries` entries (1,000,000 in the full run)
 * with a checkpoint at its head, `added` new entries are sealed and the incremental check
 * (checkIncremental: anchor check, the new entries, the balances they touched, the checkpoint
 * it records) is timed, against the baseline of reading and re-hashing those same entries with
 * no checkpoint work (the store's chain page and the pure walk). Then one page of the full
 * re-check (FULL_PAGE.max entries) against the same raw read-and-hash of that many entries.
 * The starting checkpoint is recorded directly with tallies counted in SQL: walking a million
 * entries first would only time the populate.
 */
import { join } from 'node:path';
import { sequentialIds } from '../../src/core/ids.js';
import { GENESIS } from '../../src/core/ledger/model.js';
import { checkIncremental, FULL_PAGE, fullPage } from '../../src/core/ledger/verify.js';
import { walkChain } from '../../src/core/ledger/verify-walk.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';
import {
  BENCH_ALLIANCE,
  BENCH_NOW,
  coordinatorToken,
  describePopulate,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  median,
  nowMs,
  populateSpreadLedger,
  removeTempDir,
  type Figure,
  type PopulateTime,
} from './lib.js';

export interface VerifyBenchOptions {
  entries: number;
  added: number;
  repetitions: number;
  storeBudgetMs: number;
}

export async function runVerify(
  options: VerifyBenchOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  log(
    `\n== 6. Incremental verify of ${formatInt(options.added)} new entries on ${formatInt(options.entries)}`,
  );
  const dir = makeTempDir('verify');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const { tokenId } = await coordinatorToken(store, ids);
    const spread = { accounts: 200, perCommit: 5_000, storeBudgetMs: options.storeBudgetMs };
    const t0 = nowMs();
    const populated = await populateSpreadLedger(store, sqlite, ids, tokenId, {
      ...spread,
      entries: options.entries,
    });
    const populate: PopulateTime[] = [
      {
        what: `6: ${formatInt(options.entries)} entries`,
        ms: nowMs() - t0,
        detail: describePopulate(populated, spread.perCommit),
      },
    ];
    const head = await store.chainHead();
    const counted = sqlite
      .prepare('SELECT count(*) AS n, max(seq) AS last FROM entries WHERE alliance_id = ?')
      .get(BENCH_ALLIANCE) as { n: number; last: number };
    await store.checkpoints.record({
      kind: 'full',
      phase: 'done',
      previousId: null,
      fromSeq: 0,
      throughSeq: head.seq,
      throughHash: head.hash,
      throughAccount: 0,
      chainOk: true,
      ok: true,
      tallies: {
        [BENCH_ALLIANCE]: {
          entries: counted.n,
          lastSeq: counted.last,
          lastSealedAt: BENCH_NOW.toISOString(),
          firstBrokenLink: null,
          mismatches: [],
        },
      },
      checkedAt: BENCH_NOW.toISOString(),
      checkedBy: 'bench',
    });
    const deps = { store, hasher: sha256Hex };
    const who = { by: 'bench', at: BENCH_NOW.toISOString(), scope: BENCH_ALLIANCE };
    const rawWalk = async (afterSeq: number, limit: number) => {
      const page = await store.checkpoints.chainPage(afterSeq, limit);
      const from = afterSeq === 0 ? GENESIS : (await store.checkpoints.entryAt(afterSeq))!;
      return walkChain(sha256Hex, from, page, {}).broken;
    };
    const ours: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < options.repetitions; r++) {
      await populateSpreadLedger(store, sqlite, ids, tokenId, {
        ...spread,
        entries: options.added,
      });
      const before = (await store.chainHead()).seq - options.added;
      let start = nowMs();
      if (await rawWalk(before, options.added)) throw new Error('bench chain broken');
      raw.push(nowMs() - start);
      start = nowMs();
      const report = await checkIncremental(deps, who);
      ours.push(nowMs() - start);
      if (!report.ok || report.newlyChecked !== options.added)
        throw new Error(`incremental verify: ${JSON.stringify(report).slice(0, 300)}`);
    }
    // One page of the full re-check, from the middle of the chain.
    const middle = Math.floor(options.entries / 2);
    const pageOurs: number[] = [];
    const pageRaw: number[] = [];
    for (let r = 0; r < options.repetitions; r++) {
      let start = nowMs();
      await rawWalk(middle, FULL_PAGE.max);
      pageRaw.push(nowMs() - start);
      const anchor = await store.checkpoints.record({
        kind: 'full',
        phase: 'chain',
        previousId: null,
        fromSeq: 0,
        throughSeq: middle,
        throughHash: (await store.checkpoints.entryAt(middle))!.hash,
        throughAccount: 0,
        chainOk: false,
        ok: false,
        tallies: {},
        checkedAt: BENCH_NOW.toISOString(),
        checkedBy: `bench-page-${r}`,
      });
      start = nowMs();
      await fullPage(deps, who, anchor, FULL_PAGE.max);
      pageOurs.push(nowMs() - start);
    }
    const inc = median(ours);
    const incRaw = median(raw);
    const page = median(pageOurs);
    const pageBase = median(pageRaw);
    log(
      `   incremental ${formatMs(inc)} (goal ≤ 500 ms), raw read+hash ${formatMs(incRaw)}; full page of ${formatInt(FULL_PAGE.max)}: ${formatMs(page)}, raw ${formatMs(pageBase)}`,
    );
    return {
      figures: [
        {
          id: '6a',
          name: `Incremental verify, ${formatInt(options.added)} new of ${formatInt(options.entries)} (${formatMs(inc)})`,
          ours: formatMs(inc),
          baseline: `${formatMs(incRaw)} raw read + re-hash of the same entries`,
          ratio: inc / incRaw,
          goal: null,
          required: false,
        },
        {
          id: '6b',
          name: `Incremental verify, absolute (goal ≤ 500 ms)`,
          ours: formatMs(inc),
          baseline: '500 ms',
          ratio: inc / 500,
          goal: { op: '<=', value: 1 },
          required: true,
        },
        {
          id: '6c',
          name: `One full re-check page of ${formatInt(FULL_PAGE.max)} entries`,
          ours: formatMs(page),
          baseline: `${formatMs(pageBase)} raw read + re-hash`,
          ratio: page / pageBase,
          goal: null,
          required: false,
        },
      ],
      populate,
    };
  } finally {
    sqlite.close();
    removeTempDir(dir);
  }
}
