/**
 * Figure 3: trial balance over 1,000,000 postings against the raw SQL that computes it.
 *
 * 500,000 two-posting entries over 200 accounts of one alliance, effective dates spread evenly
 * over 2025, committed through store.commit in large batches of sealed entries (raw SQL takes
 * over once the store's time budget is spent: see populateEntries in lib.ts). Then
 * GET /v1/ledger/trial-balance (current, and ?asOf= a date after every entry) through
 * app.request, against raw better-sqlite3 on the same connection and file:
 *   current: SELECT account_id, SUM(amount_minor) FROM postings GROUP BY account_id
 *   asOf:    the same joined to accounts, WHERE alliance_id = ? AND effective_date <= ?
 * Ours and raw alternate, one warm-up each, median of the repetitions.
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
  populateSpreadLedger,
  dirBytes,
  formatBytes,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  median,
  nowMs,
  removeTempDir,
  type Figure,
  type PopulateTime,
} from './lib.js';

export interface TrialBalanceOptions {
  entries: number;
  accounts: number;
  perCommit: number;
  storeBudgetMs: number;
  repetitions: number;
}

interface TrialBalanceBody {
  accounts: { code: string; debit: string; credit: string }[];
  balanced: boolean;
}

export async function runTrialBalance(
  options: TrialBalanceOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  const postings = 2 * options.entries;
  log(
    `\n== 3. Trial balance over ${formatInt(postings)} postings (${formatInt(options.entries)} entries, ${options.accounts} accounts)`,
  );
  const dir = makeTempDir('trial');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const clock = () => BENCH_NOW;
    const app = createApp({ store, hasher: sha256Hex, ids, clock, log: silentLogger });
    const { secret, tokenId } = await coordinatorToken(store, ids);
    const result = await populateSpreadLedger(store, sqlite, ids, tokenId, options);
    const checkpointStarted = nowMs();
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const checkpointMs = nowMs() - checkpointStarted;
    const populate: PopulateTime = {
      what: `trial-balance file: ${formatInt(options.entries)} entries (${formatInt(postings)} postings)`,
      ms: result.ms,
      detail: `${describePopulate(result, options.perCommit)}; file ${formatBytes(dirBytes(dir))}; then WAL checkpoint ${formatMs(checkpointMs)}`,
    };
    log(`   populated ${populate.what} in ${formatMs(result.ms)}: ${populate.detail}`);

    const headers = { authorization: `Bearer ${secret}` };
    const ours = async (path: string) => {
      const t0 = nowMs();
      const res = await app.request(path, { headers });
      const text = await res.text();
      const elapsed = nowMs() - t0;
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`);
      return { elapsed, body: JSON.parse(text) as TrialBalanceBody };
    };
    const rawCurrent = sqlite.prepare(
      'SELECT account_id, SUM(amount_minor) AS total FROM postings GROUP BY account_id',
    );
    const rawAsOf = sqlite.prepare(
      'SELECT p.account_id, SUM(p.amount_minor) AS total FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.alliance_id = ? AND p.effective_date <= ? GROUP BY p.account_id',
    );
    const raw = (run: () => unknown[]) => {
      const t0 = nowMs();
      const rows = run() as { account_id: number; total: number }[];
      return { elapsed: nowMs() - t0, rows };
    };

    // Correctness, untimed: the API's trial balance equals the raw sums, account by account.
    const byCode = new Map(
      (
        sqlite
          .prepare(
            'SELECT a.code AS code, SUM(p.amount_minor) AS total FROM postings p JOIN accounts a ON a.id = p.account_id GROUP BY p.account_id',
          )
          .all() as { code: string; total: number }[]
      )
        .filter((r) => r.total !== 0)
        .map((r) => [r.code, r.total]),
    );
    const asOf = '2026-01-01';
    for (const path of ['/v1/ledger/trial-balance', `/v1/ledger/trial-balance?asOf=${asOf}`]) {
      const { body } = await ours(path);
      const got = new Map(
        body.accounts.map((a) => [a.code, Math.round((Number(a.debit) - Number(a.credit)) * 100)]),
      );
      const same =
        body.balanced &&
        got.size === byCode.size &&
        [...byCode].every(([code, total]) => got.get(code) === total);
      if (!same)
        throw new Error(
          `${path} disagrees with the raw sums (${got.size} vs ${byCode.size} accounts)`,
        );
    }

    const measure = async (path: string, rawRun: () => unknown[]) => {
      const oursMs: number[] = [];
      const rawMs: number[] = [];
      await ours(path);
      raw(rawRun);
      for (let i = 0; i < options.repetitions; i++) {
        if (i % 2 === 0) {
          oursMs.push((await ours(path)).elapsed);
          rawMs.push(raw(rawRun).elapsed);
        } else {
          rawMs.push(raw(rawRun).elapsed);
          oursMs.push((await ours(path)).elapsed);
        }
      }
      return { ours: median(oursMs), raw: median(rawMs), oursAll: oursMs, rawAll: rawMs };
    };
    const list = (xs: number[]) => xs.map((x) => formatMs(x)).join(', ');

    const current = await measure('/v1/ledger/trial-balance', () => rawCurrent.all());
    log(
      `   current: ours median ${formatMs(current.ours)} [${list(current.oursAll)}]; raw GROUP BY median ${formatMs(current.raw)} [${list(current.rawAll)}]`,
    );
    const asOfResult = await measure(`/v1/ledger/trial-balance?asOf=${asOf}`, () =>
      rawAsOf.all(BENCH_ALLIANCE, asOf),
    );
    log(
      `   asOf ${asOf}: ours median ${formatMs(asOfResult.ours)} [${list(asOfResult.oursAll)}]; raw JOIN/WHERE/GROUP BY median ${formatMs(asOfResult.raw)} [${list(asOfResult.rawAll)}]`,
    );
    const midYear = '2025-06-30';
    const mid = await measure(`/v1/ledger/trial-balance?asOf=${midYear}`, () =>
      rawAsOf.all(BENCH_ALLIANCE, midYear),
    );
    log(
      `   asOf ${midYear} (about half the postings): ours median ${formatMs(mid.ours)}; raw median ${formatMs(mid.raw)}`,
    );

    const figure = (
      id: string,
      name: string,
      r: { ours: number; raw: number },
      rawName: string,
      required: boolean,
    ): Figure => ({
      id,
      name,
      ours: formatMs(r.ours),
      baseline: `${formatMs(r.raw)} raw ${rawName}`,
      ratio: r.ours / r.raw,
      goal: { op: '<=', value: 2 },
      required,
    });
    return {
      populate: [populate],
      figures: [
        figure(
          '3a',
          `GET /v1/ledger/trial-balance, ${formatInt(postings)} postings (median)`,
          current,
          'GROUP BY account_id',
          true,
        ),
        figure(
          '3b',
          `GET /v1/ledger/trial-balance?asOf=${asOf} (median)`,
          asOfResult,
          'JOIN accounts, WHERE date <=, GROUP BY',
          true,
        ),
        figure(
          '3x',
          `same ?asOf=${midYear} (half the postings)`,
          mid,
          'JOIN accounts, WHERE date <=, GROUP BY',
          false,
        ),
      ],
    };
  } finally {
    sqlite.close();
    removeTempDir(dir);
  }
}
