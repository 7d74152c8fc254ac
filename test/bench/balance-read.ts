/**
 * Figure 2: reading an account's balance must not depend on how many postings it has.
 *
 * One account with 100,000 postings and one with 10 (each entry: the account against a contra
 * income account), populated through store.commit in batches of sealed entries (raw SQL takes
 * over once the store's time budget is spent: see populateEntries in lib.ts). Then
 * GET /v1/accounts/{code} through app.request (in process, no network), the two accounts
 * interleaved so drift hits both alike. Informational extras: the same with ?asOf, which sums
 * postings instead of reading the stored balance; and POST /v1/entries touching each account,
 * since an entry's cost should not depend on how many postings its accounts already have.
 */
import { join } from 'node:path';
import { sequentialIds } from '../../src/core/ids.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';
import {
  BENCH_ALLIANCE,
  BENCH_NOW,
  describePopulate,
  coordinatorToken,
  dayOf,
  dirBytes,
  formatBytes,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  mean,
  median,
  nowMs,
  openAccountsDirect,
  percentile,
  populateEntries,
  removeTempDir,
  type Figure,
  type PopulateTime,
} from './lib.js';

export interface BalanceReadOptions {
  bigPostings: number;
  smallPostings: number;
  perCommit: number;
  storeBudgetMs: number;
  writes: number;
  warmup: number;
  iterations: number;
  asOfIterations: number;
}

const BIG = `alliance:${BENCH_ALLIANCE}:big`;
const SMALL = `alliance:${BENCH_ALLIANCE}:small`;
const CONTRA = `alliance:${BENCH_ALLIANCE}:contra`;
// Fresh contra accounts for the write extra, so only BIG vs SMALL differs between the two.
const FRESH_BIG = `alliance:${BENCH_ALLIANCE}:fresh-big`;
const FRESH_SMALL = `alliance:${BENCH_ALLIANCE}:fresh-small`;

export async function runBalanceRead(
  options: BalanceReadOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  log(
    `\n== 2. Balance read: ${formatInt(options.bigPostings)} postings vs ${formatInt(options.smallPostings)} postings`,
  );
  const dir = makeTempDir('balance');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const clock = () => BENCH_NOW;
    const app = createApp({ store, hasher: sha256Hex, ids, clock, log: silentLogger });
    const { secret, tokenId } = await coordinatorToken(store, ids);
    await openAccountsDirect(store, [
      { code: BIG, type: 'asset', allowNegative: false },
      { code: SMALL, type: 'asset', allowNegative: false },
      { code: CONTRA, type: 'income', allowNegative: false },
      { code: FRESH_BIG, type: 'income', allowNegative: false },
      { code: FRESH_SMALL, type: 'income', allowNegative: false },
    ]);

    const draft = (account: string, i: number, days: number) => {
      const amount = 100 + (i % 997);
      return {
        id: ids('ent'),
        allianceId: BENCH_ALLIANCE,
        effectiveDate: dayOf(2025, days),
        recordedAt: BENCH_NOW.toISOString(),
        description: `Bench entry ${i}`,
        actor: tokenId,
        reasonCode: 'manual_adjustment',
        reversesEntryId: null,
        postings: [
          { line: 1, accountCode: account, amountMinor: amount },
          { line: 2, accountCode: CONTRA, amountMinor: -amount },
        ],
      };
    };
    let expectedBig = 0;
    let expectedSmall = 0;
    const result = await populateEntries(store, sqlite, {
      total: options.bigPostings + options.smallPostings,
      perCommit: options.perCommit,
      storeBudgetMs: options.storeBudgetMs,
      progress: (line) => log(`   ${line}`),
      draftAt: (i) => {
        if (i < options.bigPostings) {
          const d = draft(BIG, i, Math.floor((i * 365) / options.bigPostings));
          expectedBig += d.postings[0]!.amountMinor;
          return d;
        }
        const d = draft(SMALL, i, i - options.bigPostings);
        expectedSmall += d.postings[0]!.amountMinor;
        return d;
      },
    });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const populate: PopulateTime = {
      what: `balance file: ${formatInt(options.bigPostings + options.smallPostings)} entries (${formatInt(options.bigPostings)} postings on one account)`,
      ms: result.ms,
      detail: `${describePopulate(result, options.perCommit)}; file ${formatBytes(dirBytes(dir))}`,
    };
    log(`   populated ${populate.what} in ${formatMs(result.ms)}: ${populate.detail}`);

    const headers = { authorization: `Bearer ${secret}` };
    const get = async (path: string) => {
      const t0 = nowMs();
      const res = await app.request(path, { headers });
      const text = await res.text();
      const elapsed = nowMs() - t0;
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
      return { elapsed, text };
    };

    // Correctness first, untimed: both balances are what was posted, now and as of the end.
    for (const [code, expected, count] of [
      [BIG, expectedBig, options.bigPostings],
      [SMALL, expectedSmall, options.smallPostings],
    ] as const) {
      const account = await store.getAccount(code);
      if (account?.balanceMinor !== expected || account.postingCount !== count)
        throw new Error(
          `${code}: stored ${account?.balanceMinor}/${account?.postingCount}, expected ${expected}/${count}`,
        );
      for (const path of [`/v1/accounts/${code}`, `/v1/accounts/${code}?asOf=2026-01-01`]) {
        const body = JSON.parse((await get(path)).text) as { balance: string };
        if (body.balance !== (expected / 100).toFixed(2))
          throw new Error(
            `${path}: balance ${body.balance}, expected ${(expected / 100).toFixed(2)}`,
          );
      }
    }

    const time = async (paths: [string, string], warmup: number, iterations: number) => {
      const samples: [number[], number[]] = [[], []];
      for (let i = 0; i < warmup; i++) for (const path of paths) await get(path);
      for (let i = 0; i < iterations; i++) {
        // Alternate which goes first, so neither always follows the other.
        const order = i % 2 === 0 ? [0, 1] : [1, 0];
        for (const k of order) samples[k]!.push((await get(paths[k]!)).elapsed);
      }
      return samples;
    };

    const [big, small] = await time(
      [`/v1/accounts/${BIG}`, `/v1/accounts/${SMALL}`],
      options.warmup,
      options.iterations,
    );
    const describe = (xs: number[]) =>
      `median ${formatMs(median(xs))}, mean ${formatMs(mean(xs))}, p99 ${formatMs(percentile(xs, 99))}`;
    log(
      `   GET /v1/accounts/{code} x${formatInt(options.iterations)} each: ${formatInt(options.bigPostings)}-posting account ${describe(big)}; ${formatInt(options.smallPostings)}-posting account ${describe(small)}`,
    );

    const asOf = '2026-01-01';
    const [bigAsOf, smallAsOf] = await time(
      [`/v1/accounts/${BIG}?asOf=${asOf}`, `/v1/accounts/${SMALL}?asOf=${asOf}`],
      10,
      options.asOfIterations,
    );
    log(
      `   GET /v1/accounts/{code}?asOf=${asOf} x${formatInt(options.asOfIterations)} each: big ${describe(bigAsOf)}; small ${describe(smallAsOf)}`,
    );

    // Extra: posting an entry that touches the big account vs one that touches the small one
    // (each against a fresh contra account), in process, durable as ever.
    const writeMs: [number[], number[]] = [[], []];
    let key = 0;
    const post = async (account: string, contra: string) => {
      const t0 = nowMs();
      const res = await app.request('/v1/entries', {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'idempotency-key': `bench-write-${++key}`,
        },
        body: JSON.stringify({
          effectiveDate: '2026-01-15',
          description: 'Bench write',
          reasonCode: 'manual_adjustment',
          postings: [
            { account, amount: '1.00' },
            { account: contra, amount: '-1.00' },
          ],
        }),
      });
      const text = await res.text();
      const elapsed = nowMs() - t0;
      if (res.status !== 201) throw new Error(`POST /v1/entries: ${res.status} ${text}`);
      return elapsed;
    };
    for (let i = 0; i < 5; i++) {
      await post(BIG, FRESH_BIG);
      await post(SMALL, FRESH_SMALL);
    }
    for (let i = 0; i < options.writes; i++) {
      if (i % 2 === 0) {
        writeMs[0].push(await post(BIG, FRESH_BIG));
        writeMs[1].push(await post(SMALL, FRESH_SMALL));
      } else {
        writeMs[1].push(await post(SMALL, FRESH_SMALL));
        writeMs[0].push(await post(BIG, FRESH_BIG));
      }
    }
    log(
      `   POST /v1/entries (in process) x${options.writes} each: touching the big account ${describe(writeMs[0])}; touching the small one ${describe(writeMs[1])}`,
    );
    const mismatches = await store.balanceMismatches(5);
    if (mismatches.length)
      throw new Error(`stored balances disagree with postings: ${JSON.stringify(mismatches)}`);

    return {
      populate: [populate],
      figures: [
        {
          id: '2',
          name: `GET /v1/accounts/{code}: ${formatInt(options.bigPostings)} vs ${formatInt(options.smallPostings)} postings (median latency)`,
          ours: `${formatMs(median(big))} (${formatInt(options.bigPostings / 1000)}k postings)`,
          baseline: `${formatMs(median(small))} (${formatInt(options.smallPostings)}-posting account, same run)`,
          ratio: median(big) / median(small),
          goal: { op: '<=', value: 1.5 },
          required: true,
        },
        {
          id: '2x',
          name: `same with ?asOf=${asOf} (sums postings)`,
          ours: `${formatMs(median(bigAsOf))} (${formatInt(options.bigPostings / 1000)}k postings)`,
          baseline: `${formatMs(median(smallAsOf))} (${formatInt(options.smallPostings)}-posting account, same run)`,
          ratio: median(bigAsOf) / median(smallAsOf),
          goal: { op: '<=', value: 1.5 },
          required: false,
        },
        {
          id: '2w',
          name: 'POST /v1/entries touching the big vs the small account (median)',
          ours: `${formatMs(median(writeMs[0]))} (${formatInt(options.bigPostings / 1000)}k postings)`,
          baseline: `${formatMs(median(writeMs[1]))} (${formatInt(options.smallPostings)}-posting account, same run)`,
          ratio: median(writeMs[0]) / median(writeMs[1]),
          goal: { op: '<=', value: 1.5 },
          required: false,
        },
      ],
    };
  } finally {
    sqlite.close();
    removeTempDir(dir);
  }
}
