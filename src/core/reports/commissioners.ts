import type { ServiceContext } from '../context.js';
import type { BudgetDeps } from '../budgets/common.js';
import { isoDateOf } from '../ledger/model.js';
import { requireAlliance, requireRole } from '../policy.js';
import { requireDate } from '../sparks/common.js';
import type { SparksDeps } from '../sparks/common.js';
import { DOMAINS } from '../sparks/model.js';
import { sumMinor } from '../money.js';
import { countOf, daysHistogram, medianOf, paidOf, type BudgetFigures } from './figures.js';
import { fundByMonth, paymentSpeed } from './series.js';
import { showGroup, SUPPRESS_BELOW, type Cell } from './suppress.js';

type ReportDeps = SparksDeps & BudgetDeps;

function median(histogram: [number, number][]): number | string | null {
  const n = countOf(histogram.map(([, count]) => ({ count })));
  // The middle of a handful of people is one person's story: hidden like any small count.
  return n > 0 && n < SUPPRESS_BELOW ? 'suppressed' : medianOf(histogram);
}

const counted = (
  keys: readonly string[],
  of: (key: string) => { count: number; amountMinor: number },
) => keys.map((key): Cell => ({ key, ...of(key) }));

/** Small Sparks in the period: applications received then, what became of them, how fast, for what. */
async function sparksSection(
  deps: ReportDeps,
  allianceId: string,
  from: string,
  to: string,
  today: string,
) {
  if (!(await deps.sparks.getAlliance(allianceId))) return null;
  const f = await deps.sparks.reportFigures({ allianceId, from, to, today });
  const statuses = ['awarded', 'declined', 'withdrawn', 'waiting'] as const;
  const statusOf = (s: string) => (s === 'received' || s === 'deferred' ? 'waiting' : s);
  const paymentDays = daysHistogram(f.awards, (r) => r.paymentDays);
  return {
    applications: showGroup(
      counted(statuses, (k) => ({
        count: countOf(f.applications, (r) => statusOf(r.status) === k),
        amountMinor: 0,
      })),
    ),
    medianDaysToDecision: median(daysHistogram(f.applications, (r) => r.decisionDays)),
    medianDaysToFirstPayment: median(paymentDays),
    daysToFirstPayment: paymentSpeed(f.awards),
    fundByMonth: await fundByMonth(deps.store, allianceId, from, to, today),
    paidByDomain: showGroup(
      counted(DOMAINS, (d) => ({
        count: countOf(f.awards, (r) => r.domain === d),
        amountMinor: paidOf(f.awards, (r) => r.domain === d),
      })),
    ),
    followUps: showGroup(
      counted(['heard', 'waived', 'overdue', 'due'], (k) => ({
        count: countOf(f.followUps, (r) => r.state === k),
        amountMinor: 0,
      })),
    ),
  };
}

/**
 * The commissioners' report for an alliance and a period, across both schemes: budget against
 * actual per funding stream, spending by recovery-capital domain and by how budgets are held,
 * what pooling bought, how quickly Small Sparks were decided and paid, and how many came back.
 * Totals only: every count under 5 reads "fewer than 5", with the money that goes with it, and a
 * second cell is hidden wherever a total would otherwise give the first away.
 */
export async function commissionersReport(
  deps: ReportDeps,
  ctx: ServiceContext,
  allianceId: string,
  period: { from: string; to: string },
) {
  requireAlliance(ctx.actor, allianceId, 'alliance', 'alliance_not_found');
  requireRole(ctx.actor, ['coordinator', 'auditor'], 'read the commissioners’ report');
  requireDate(period.from, 'from');
  requireDate(period.to, 'to');
  const { from, to } = period;
  const [alliance, f, streams] = await Promise.all([
    deps.sparks.getAlliance(allianceId),
    deps.budgets.budgetFigures({ allianceId, from, to }),
    deps.budgets.listStreams(allianceId),
  ]);
  const budgetsWhere = (keep: (r: BudgetFigures['budgets'][number]) => boolean) => {
    const rows = f.budgets.filter(keep);
    return {
      count: countOf(rows),
      allocatedMinor: sumMinor(rows.map((r) => r.allocatedMinor)),
      spentMinor: sumMinor(rows.map((r) => r.spentMinor)),
    };
  };
  const streamNames = streams.map((s) => s.name);
  // Sorted here, not in SQL: the order JavaScript sorts strings in, as the report always had.
  const categories = [...f.categories].sort((a, b) =>
    a.category < b.category ? -1 : a.category > b.category ? 1 : 0,
  );
  return {
    allianceId,
    allianceName: alliance?.name ?? allianceId,
    period,
    generatedOn: isoDateOf(ctx.now),
    suppressedBelow: SUPPRESS_BELOW,
    budgets: {
      allocatedByStream: showGroup(
        counted(streamNames, (n) => {
          const { count, allocatedMinor } = budgetsWhere((r) => r.stream === n);
          return { count, amountMinor: allocatedMinor };
        }),
      ),
      spentByStream: showGroup(
        counted(streamNames, (n) => {
          const { count, spentMinor } = budgetsWhere((r) => r.stream === n);
          return { count, amountMinor: spentMinor };
        }),
      ),
      byMode: showGroup(
        counted(['self', 'joint', 'managed'], (mode) => {
          const { count, spentMinor } = budgetsWhere((r) => r.mode === mode);
          return { count, amountMinor: spentMinor };
        }),
      ),
      spentByCategory: showGroup(
        categories.map((c) => ({ key: c.category, count: c.budgets, amountMinor: c.amountMinor })),
      ),
      pooling: showGroup(
        counted(['pooled'], () => ({ count: f.pooledBudgets, amountMinor: f.poolBoughtMinor })),
      ),
    },
    sparks: await sparksSection(deps, allianceId, from, to, isoDateOf(ctx.now)),
  };
}
