import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/core/context.js';
import { commissionersReport } from '../../src/core/reports/commissioners.js';
import { sparksReport } from '../../src/core/sparks/report.js';
import { oldCommissionersReport } from '../support/report-oracle.js';
import { oldSparksReport } from '../support/report-oracle-sparks.js';
import type { Harness } from './harness.js';
import { sparksFixture } from './sparks-helpers.js';
import { walkYear } from './sparks.contract.js';

/**
 * The counts drizzle/0025 keeps, recounted from the rows they count (as its backfill does), the
 * rows of no one left out: what the triggers kept must be exactly this, zero rows aside.
 */
const RECOUNTS = {
  report_applications: `SELECT alliance_id, received_on, status, decided_on, count(*) AS n FROM (
      SELECT r.alliance_id, r.received_on, r.status,
             coalesce((SELECT min(d.decided_on) FROM decisions d
                        WHERE d.application_id = r.id AND d.outcome <> 'defer'), '') AS decided_on
        FROM applications r) GROUP BY 1, 2, 3, 4`,
  report_awards: `SELECT alliance_id, received_on, domain, paid_on, count(*) AS n, sum(paid) AS paid_minor
      FROM (SELECT w.alliance_id, a.received_on, w.domain,
                   coalesce((SELECT min(paid_on) FROM disbursements WHERE award_id = w.id), '') AS paid_on,
                   coalesce((SELECT sum(p.amount_minor) FROM accounts acc
                               JOIN postings p ON p.account_id = acc.id
                               JOIN entries e ON e.id = p.entry_id
                              WHERE acc.code = 'award:' || w.id AND e.reason_code = 'disbursement'), 0) AS paid
              FROM awards w JOIN applications a ON a.id = w.application_id) GROUP BY 1, 2, 3, 4`,
  report_follow_ups: `SELECT f.alliance_id, a.received_on, f.status, f.due_on, count(*) AS n
      FROM follow_ups f JOIN awards w ON w.id = f.award_id
      JOIN applications a ON a.id = w.application_id GROUP BY 1, 2, 3, 4`,
};

/** The kept counts of one table and their recount, for the alliance, in the same order. */
export async function keptAndRecounted(h: Harness, alliance: string) {
  const out: Record<string, { kept: unknown[]; recounted: unknown[] }> = {};
  for (const [table, recount] of Object.entries(RECOUNTS)) {
    const rows = (text: string) =>
      h.store.db.all(
        sql`SELECT * FROM (${sql.raw(text)}) WHERE alliance_id = ${alliance} AND n <> 0 ORDER BY 1, 2, 3, 4`,
      );
    out[table] = { kept: await rows(`SELECT * FROM ${table}`), recounted: await rows(recount) };
  }
  return out;
}

const dayOf = (n: number) => new Date(Date.UTC(2026, 2, 1 + n)).toISOString().slice(0, 10);

/**
 * The reports count and sum in SQL (issue 14); before, they read every application and award
 * of the alliance and counted in JS. The JS is kept in test/support as the oracle: on a varied
 * year (declines, deferrals, part payments, cancellations, returns, follow-ups heard, waived and
 * overdue) both must say exactly the same, suppression included, for any period and any day.
 */
export function reportSqlContract(make: () => Promise<Harness>) {
  describe('the reports, counted in SQL', () => {
    it('say exactly what the reports counted in JS said, for any period and day', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await walkYear(f, 11, 450);
      const store = h.store;
      const deps = { store, sparks: store.sparks, budgets: store.budgets } as unknown as Parameters<
        typeof commissionersReport
      >[0];
      const ctxOn = (today: string, role: 'coordinator' | 'auditor'): ServiceContext => ({
        actor: { tokenId: 'tok_oracle', role, allianceId: f.alliance, holderId: null },
        now: new Date(`${today}T12:00:00.000Z`),
        requestId: 'req_oracle',
      });
      // Days from 2026-03-01 to 2027-06-28: before, across and after the year walked.
      const day = fc.integer({ min: 0, max: 484 }).map(dayOf);
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(
          day,
          day,
          day,
          fc.constantFrom('coordinator', 'auditor') as fc.Arbitrary<'coordinator' | 'auditor'>,
          async (a, b, today, role) => {
            const period = a <= b ? { from: a, to: b } : { from: b, to: a };
            const ctx = ctxOn(today, role);
            expect(await commissionersReport(deps, ctx, f.alliance, period)).toEqual(
              await oldCommissionersReport(deps, ctx, f.alliance, period),
            );
            expect(await sparksReport(deps, ctx, f.alliance, period)).toEqual(
              await oldSparksReport(deps, ctx, f.alliance, period),
            );
            compared++;
          },
        ),
        { numRuns: 60, seed: 14 },
      );
      // The whole year, where every cell has people in it: the case that matters most.
      const year = { from: '2026-04-01', to: '2027-03-31' };
      const ctx = ctxOn('2027-03-31', 'coordinator');
      const whole = await sparksReport(deps, ctx, f.alliance, year);
      expect(whole).toEqual(await oldSparksReport(deps, ctx, f.alliance, year));
      expect(typeof whole.applications).toBe('number');
      expect(whole.medianDaysToFirstPayment).not.toBeNull();
      expect(compared).toBe(60);
      // The counts the reports read are the rows', kept by the triggers through the whole year.
      const counts = await keptAndRecounted(h, f.alliance);
      for (const [table, { kept, recounted }] of Object.entries(counts)) {
        expect(kept.length, table).toBeGreaterThan(3);
        expect(kept, table).toEqual(recounted);
      }
    });
  });
}
