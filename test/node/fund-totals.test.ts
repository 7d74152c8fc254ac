import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { monthEnds } from '../../src/core/reports/series.js';
import { allianceAccounts } from '../../src/core/sparks/model.js';
import { MIGRATIONS_FOLDER, openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { walkYear } from '../contract/sparks.contract.js';

/** The statements of 0028 that total what was there before it (its last two). */
const backfill = readFileSync(join(MIGRATIONS_FOLDER, '0028_fund_flows.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .slice(-2);

/** The totals 0028 keeps, recounted from every posting as the fund was read before it. */
const RECOUNTS = {
  account_days: `SELECT account_id, effective_date AS day, sum(amount_minor) AS net_minor
      FROM postings GROUP BY 1, 2`,
  reason_totals: `SELECT e.alliance_id,
             CASE WHEN a.code LIKE 'award:%' THEN 'award:' ELSE a.code END AS account,
             e.reason_code, sum(p.amount_minor) AS net_minor
        FROM postings p JOIN entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id
       GROUP BY 1, 2, 3`,
};

async function world() {
  const { store, sqlite } = openSqlite({ path: ':memory:' });
  const h = await makeHarness('node', store, () => store);
  const f = await sparksFixture(h);
  await walkYear(f, 7, 450);
  const all = (text: string) => h.store.db.all(sql.raw(`${text} ORDER BY 1, 2, 3`));
  const keptAndRecounted = async () => {
    const out: Record<string, { kept: unknown[]; recounted: unknown[] }> = {};
    for (const [table, recount] of Object.entries(RECOUNTS))
      out[table] = { kept: await all(`SELECT * FROM ${table}`), recounted: await all(recount) };
    return out;
  };
  return { store, sqlite, f, keptAndRecounted };
}

describe('the fund totals (0028)', () => {
  it('are what every posting adds up to, kept by the trigger and totalled by the migration', async () => {
    const { sqlite, keptAndRecounted } = await world();
    const kept = await keptAndRecounted();
    expect(kept.reason_totals!.kept.length).toBeGreaterThan(3);
    for (const table of Object.keys(RECOUNTS))
      expect(kept[table]!.kept, table).toEqual(kept[table]!.recounted);
    expect(backfill.every((s) => /INSERT INTO `(account_days|reason_totals)`/.test(s))).toBe(true);
    sqlite.exec('DELETE FROM account_days; DELETE FROM reason_totals');
    for (const statement of backfill) sqlite.exec(statement);
    const counted = await keptAndRecounted();
    for (const table of Object.keys(RECOUNTS))
      expect(counted[table]!.kept, table).toEqual(kept[table]!.kept);
  });

  it('are what the fund summary and the fund by month read, never the postings', async () => {
    const { store, sqlite, f } = await world();
    const sources: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      sources.push(source);
      return prepare(source);
    }) as typeof sqlite.prepare;
    const { fund } = allianceAccounts(f.alliance);
    const ends = monthEnds('2026-01-01', '2027-12-31', '2027-12-31');
    const flows = await store.sparks.fundFlows(f.alliance);
    const held = await store.balancesAsOf(fund, ends);
    sqlite.prepare = prepare;
    // Each read is one statement through a primary key; none reads a posting.
    expect(sources).toHaveLength(3);
    for (const source of sources) {
      expect(source).not.toMatch(/\bpostings\b/);
      const plan = sqlite
        .prepare(`EXPLAIN QUERY PLAN ${source}`)
        .all(...(source.match(/\?/g) ?? []).map(() => null)) as { detail: string }[];
      for (const { detail } of plan)
        expect(detail, source).not.toMatch(/^SCAN (?!json_each|\(subquery|e\b)/);
    }
    // And they say what the postings say, as they were read before 0028.
    const account = (await store.getAccount(fund))!;
    const before = await Promise.all(ends.map((d) => store.balanceAsOf(account.id, d)));
    expect(held).toEqual(before);
    expect(new Set(held).size).toBeGreaterThan(3);
    const byReason = (like: string) =>
      sqlite
        .prepare(
          `SELECT e.reason_code AS reason, sum(p.amount_minor) AS total FROM postings p
             JOIN accounts a ON a.id = p.account_id JOIN entries e ON e.id = p.entry_id
            WHERE a.alliance_id = ? AND a.code LIKE ? GROUP BY 1`,
        )
        .all(f.alliance, like) as { reason: string; total: number }[];
    const asRecord = (rows: { reason: string; total: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.reason, r.total]));
    expect(flows.fund).toEqual(asRecord(byReason(fund)));
    expect(flows.awards).toEqual(asRecord(byReason('award:%')));
    expect(flows.fundBalanceMinor).toBe(account.balanceMinor);
  });
});
