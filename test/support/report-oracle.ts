/**
 * The commissioners' report as it was computed before issue 14 (in JS, from every application
 * and award of the alliance): the oracle the SQL aggregates are checked against.
 */
import type { ServiceContext } from '../../src/core/context.js';
import type { BudgetDeps } from '../../src/core/budgets/common.js';
import { isoDateOf } from '../../src/core/ledger/model.js';
import { requireAlliance, requireRole } from '../../src/core/policy.js';
import { requireDate } from '../../src/core/sparks/common.js';
import type { SparksDeps } from '../../src/core/sparks/common.js';
import {
  allianceAccounts,
  DOMAINS,
  daysBetween,
  followUpState,
} from '../../src/core/sparks/model.js';
import { formatMinor } from '../../src/core/money.js';
import { monthEnds, PAYMENT_SPEED } from '../../src/core/reports/series.js';
import type { Store } from '../../src/core/store.js';
import {
  showGroup,
  SUPPRESS_BELOW,
  type Cell,
  type ShownGroup,
} from '../../src/core/reports/suppress.js';

type ReportDeps = SparksDeps & BudgetDeps;

function paymentSpeed(days: readonly number[], paidMinor: readonly number[]): ShownGroup {
  const band = (d: number) => (d <= 7 ? 0 : d <= 14 ? 1 : d <= 28 ? 2 : 3);
  return showGroup(
    PAYMENT_SPEED.map((key, i) => ({
      key,
      count: days.filter((d) => band(d) === i).length,
      amountMinor: days.reduce((sum, d, j) => (band(d) === i ? sum + (paidMinor[j] ?? 0) : sum), 0),
    })),
  );
}

/** The fund at each month's end as it was read before issue 14: one balance query a month. */
async function fundByMonth(
  store: Store,
  allianceId: string,
  from: string,
  to: string,
  today: string,
): Promise<{ asOf: string; held: string }[]> {
  const account = await store.getAccount(allianceAccounts(allianceId).fund);
  const out: { asOf: string; held: string }[] = [];
  for (const asOf of monthEnds(from, to, today)) {
    const minor = account ? -(await store.balanceAsOf(account.id, asOf)) : 0;
    out.push({ asOf, held: formatMinor(minor + 0) });
  }
  return out;
}

function median(values: number[]): number | string | null {
  if (values.length === 0) return null;
  // The middle of a handful of people is one person's story: hidden like any small count.
  if (values.length < SUPPRESS_BELOW) return 'suppressed';
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
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
  const applications = (await deps.sparks.listApplications(allianceId, null)).filter(
    (a) => a.receivedOn >= from && a.receivedOn <= to,
  );
  const ids = new Set(applications.map((a) => a.id));
  const awards = (await deps.sparks.listAwards(allianceId)).filter((w) => ids.has(w.applicationId));
  const [money, followUps, times] = await Promise.all([
    deps.sparks.awardMoney(awards.map((w) => w.id)),
    deps.sparks.listFollowUps(allianceId),
    deps.sparks.applicationTimes(allianceId),
  ]);
  const followUpOf = new Map(followUps.map((f) => [f.awardId, f]));
  const awardOf = new Map(awards.map((w) => [w.applicationId, w]));
  const toDecision: number[] = [];
  const toPayment: number[] = [];
  const paidOfThose: number[] = [];
  for (const a of applications) {
    const { decidedOn, firstPaidOn } = times.get(a.id) ?? { decidedOn: null, firstPaidOn: null };
    if (decidedOn) toDecision.push(daysBetween(a.receivedOn, decidedOn));
    const award = awardOf.get(a.id);
    if (firstPaidOn && award) {
      toPayment.push(daysBetween(a.receivedOn, firstPaidOn));
      paidOfThose.push(money.get(award.id)?.paidMinor ?? 0);
    }
  }
  const statuses = ['awarded', 'declined', 'withdrawn', 'waiting'] as const;
  const statusOf = (s: string) => (s === 'received' || s === 'deferred' ? 'waiting' : s);
  const paid = (awardIds: string[]) =>
    awardIds.reduce((sum, id) => sum + (money.get(id)?.paidMinor ?? 0), 0);
  const states = awards.map((w) => {
    const f = followUpOf.get(w.id);
    return f ? followUpState(f, today) : 'none';
  });
  return {
    applications: showGroup(
      counted(statuses, (k) => ({
        count: applications.filter((a) => statusOf(a.status) === k).length,
        amountMinor: 0,
      })),
    ),
    medianDaysToDecision: median(toDecision),
    medianDaysToFirstPayment: median(toPayment),
    daysToFirstPayment: paymentSpeed(toPayment, paidOfThose),
    fundByMonth: await fundByMonth(deps.store, allianceId, from, to, today),
    paidByDomain: showGroup(
      counted(DOMAINS, (d) => {
        const inDomain = awards.filter((w) => w.domain === d).map((w) => w.id);
        return { count: inDomain.length, amountMinor: paid(inDomain) };
      }),
    ),
    followUps: showGroup(
      counted(['heard', 'waived', 'overdue', 'due'], (k) => ({
        count: states.filter((s) => s === k).length,
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
export async function oldCommissionersReport(
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
  const alliance = await deps.sparks.getAlliance(allianceId);
  const budgets = (await deps.budgets.listBudgets({ allianceId })).filter(
    (b) => b.periodStart <= to && b.periodEnd >= from,
  );
  const [money, streams, pools] = await Promise.all([
    deps.budgets.budgetMoney(budgets.map((b) => b.id)),
    deps.budgets.listStreams(allianceId),
    deps.budgets.listPools(allianceId),
  ]);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const ofStream = (name: string) =>
    budgets.filter((b) => streams.find((s) => s.id === b.streamId)?.name === name);
  const streamNames = streams.map((s) => s.name);
  const poolIds = pools.map((p) => p.id);
  const [spends, purchases, poolMembers] = await Promise.all([
    deps.budgets.approvedSpendsOf(
      budgets.map((b) => b.id),
      from,
      to,
    ),
    deps.budgets.poolPurchasesOf(poolIds, from, to),
    deps.budgets.poolMembersOf(poolIds),
  ]);
  const categories = [...new Set(spends.map((s) => s.category))].sort();
  const members = new Set(poolMembers.map((m) => m.budgetId));
  return {
    allianceId,
    allianceName: alliance?.name ?? allianceId,
    period,
    generatedOn: isoDateOf(ctx.now),
    suppressedBelow: SUPPRESS_BELOW,
    budgets: {
      allocatedByStream: showGroup(
        counted(streamNames, (n) => {
          const xs = ofStream(n);
          return {
            count: xs.length,
            amountMinor: sum(xs.map((b) => money.get(b.id)!.allocatedMinor)),
          };
        }),
      ),
      spentByStream: showGroup(
        counted(streamNames, (n) => {
          const xs = ofStream(n);
          return { count: xs.length, amountMinor: sum(xs.map((b) => money.get(b.id)!.spentMinor)) };
        }),
      ),
      byMode: showGroup(
        counted(['self', 'joint', 'managed'], (mode) => {
          const xs = budgets.filter((b) => b.controlMode === mode);
          return { count: xs.length, amountMinor: sum(xs.map((b) => money.get(b.id)!.spentMinor)) };
        }),
      ),
      spentByCategory: showGroup(
        counted(categories, (c) => {
          const xs = spends.filter((s) => s.category === c);
          return {
            count: new Set(xs.map((s) => s.budgetId)).size,
            amountMinor: sum(xs.map((s) => s.amountMinor)),
          };
        }),
      ),
      pooling: showGroup(
        counted(['pooled'], () => ({
          count: members.size,
          amountMinor: sum(purchases.map((x) => x.amountMinor)),
        })),
      ),
    },
    sparks: await sparksSection(deps, allianceId, from, to, isoDateOf(ctx.now)),
  };
}
