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
    });
  });
}
