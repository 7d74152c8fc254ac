import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/core/context.js';
import { commissionersReport } from '../../src/core/reports/commissioners.js';
import { sparksReport } from '../../src/core/sparks/report.js';
import { oldCommissionersReport } from '../support/report-oracle.js';
import { oldSparksReport } from '../support/report-oracle-sparks.js';
import { budgetsFixture } from './budgets-helpers.js';
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

    it('say what the budgets counted in JS said, for any period', async () => {
      const h = await make();
      h.setNow('2027-06-01T10:00:00.000Z');
      const made = await budgetYear(h);
      expect(made.approved).toBeGreaterThan(10);
      const store = h.store;
      const deps = { store, sparks: store.sparks, budgets: store.budgets } as unknown as Parameters<
        typeof commissionersReport
      >[0];
      const ctx: ServiceContext = {
        actor: { tokenId: 'tok_oracle', role: 'auditor', allianceId: h.alliance, holderId: null },
        now: new Date('2027-06-01T12:00:00.000Z'),
        requestId: 'req_oracle',
      };
      // Days from 2025-09-01 to 2027-12-31: before, across and after every budget's period.
      const day = fc
        .integer({ min: 0, max: 851 })
        .map((n) => new Date(Date.UTC(2025, 8, 1 + n)).toISOString().slice(0, 10));
      let shown = 0;
      await fc.assert(
        fc.asyncProperty(day, day, async (a, b) => {
          const period = a <= b ? { from: a, to: b } : { from: b, to: a };
          const report = await commissionersReport(deps, ctx, h.alliance, period);
          expect(report).toEqual(await oldCommissionersReport(deps, ctx, h.alliance, period));
          if (report.budgets.spentByCategory.total.count !== 0) shown++;
        }),
        { numRuns: 40, seed: 14 },
      );
      expect(shown).toBeGreaterThan(5);
      const year = { from: '2026-04-01', to: '2027-03-31' };
      const whole = await commissionersReport(deps, ctx, h.alliance, year);
      expect(whole).toEqual(await oldCommissionersReport(deps, ctx, h.alliance, year));
      // The pool's three members: a cell of 3, hidden.
      expect(whole.budgets.pooling.total.count).toBe('fewer than 5');
      expect(whole.budgets.allocatedByStream.total.count).toBe(9);
    });
  });
}

/**
 * Budgets over three periods on two streams, held all three ways, with allocations, spends in
 * four categories (some waiting for a second approval), and a pool that bought twice.
 */
async function budgetYear(h: Harness) {
  const f = await budgetsFixture(h);
  const second = (
    await f.ok(
      'POST',
      'streams',
      {
        name: 'Housing first',
        forbiddenCategories: [],
        extraCategories: ['travel', 'therapy'],
        approvalLimit: '30.00',
        topSlicePercent: '0',
        periodEndRule: 'return',
      },
      { key: false },
    )
  ).id;
  await f.ok('POST', `streams/${f.stream}/funding`, {
    amount: '5000.00',
    receivedOn: '2025-04-01',
    funder: 'Council',
  });
  await f.ok('POST', `streams/${second}/funding`, {
    amount: '5000.00',
    receivedOn: '2025-04-01',
    funder: 'Trust',
  });
  const periods = [
    ['2025-04-01', '2026-03-31'],
    ['2026-04-01', '2027-03-31'],
    ['2026-10-01', '2027-09-30'],
  ] as const;
  const plus = (date: string, days: number) => {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const made = { approved: 0, other: 0 };
  const held: { budget: string; token: string; person: string }[] = [];
  for (let i = 0; i < 14; i++) {
    const person = (await f.ok('POST', 'people', { kind: 'holder' }, { key: false })).id;
    const token = await h.token('holder', { holder: person });
    const [start, end] = periods[i % 3]!;
    const mode = (['self', 'joint', 'managed'] as const)[i % 3 === 2 ? 0 : i % 3];
    const stream = i % 4 === 3 ? second : f.stream;
    const budget = await f.budget(person, { mode, stream, start, end });
    await f.ok('POST', `budgets/${budget}/allocations`, {
      amount: `${150 + i * 7}.00`,
      allocatedOn: plus(start, 1),
    });
    held.push({ budget, token, person });
    for (let k = 0; k < 1 + (i % 4); k++) {
      const res = await f.call('POST', `budgets/${budget}/spends`, token, {
        provider: 'Bus Co',
        category: ['health', 'housing', 'travel', 'therapy'][(i + k) % 4],
        amount: k === 2 ? '45.00' : `${5 + k}.${i % 10}0`,
        spentOn: plus(start, 20 + k * 90 + i),
        description: 'x',
      });
      const spend = (await res.json()) as { status?: string };
      if (res.status === 201 && spend.status === 'approved') made.approved++;
      else made.other++;
    }
  }
  const pool = (
    await f.ok(
      'POST',
      'pools',
      { name: 'Allotment group', coordinatorPersonId: held[1]!.person, splitRule: 'pro_rata' },
      { key: false },
    )
  ).id;
  for (const { budget, token } of [held[1]!, held[4]!, held[7]!]) {
    await f.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token, key: false });
    await f.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: budget, amount: '40.00', contributedOn: '2026-05-01' },
      { token },
    );
  }
  for (const [boughtOn, amount] of [
    ['2026-05-10', '33.33'],
    ['2027-01-15', '20.00'],
  ])
    await f.ok(
      'POST',
      `pools/${pool}/purchases`,
      { provider: 'Garden Centre', category: 'community', amount, boughtOn, description: 'Seeds' },
      { token: held[1]!.token },
    );
  return made;
}
