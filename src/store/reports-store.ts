import { sql } from 'drizzle-orm';
import type { BudgetFigures, ReportFigures, ReportFiguresQuery } from '../core/reports/figures.js';
import { pence } from './pence.js';
import type { AnyDb } from './sqlite-store.js';

/**
 * The Small Sparks reports' figures in three statements that read the counts the database
 * keeps itself (drizzle/0025_report_counts.sql): per day of receipt, how many applications,
 * awards and follow-ups there are of each kind and what the awards paid. A period reads a few
 * rows per day in it, however many applications there are. Days are whole days between two ISO
 * dates (julianday of a date is exact at midnight, so the difference is an integer); a key date
 * of '' has not happened yet. Money is integer pence summed in SQL.
 */
export async function reportFigures(db: AnyDb, q: ReportFiguresQuery): Promise<ReportFigures> {
  const inPeriod = sql`alliance_id = ${q.allianceId} AND received_on >= ${q.from} AND received_on <= ${q.to}`;
  const daysTo = (column: string) =>
    sql.raw(`CAST(round(julianday(nullif(${column}, '')) - julianday(received_on)) AS INTEGER)`);
  const [apps, paid, follow] = await Promise.all([
    db.all(sql`SELECT status, ${daysTo('decided_on')} AS days, sum(n) AS n
                 FROM report_applications WHERE ${inPeriod}
                GROUP BY status, days HAVING sum(n) > 0`),
    db.all(sql`SELECT domain, ${daysTo('paid_on')} AS days, sum(n) AS n, sum(paid_minor) AS paid
                 FROM report_awards WHERE ${inPeriod}
                GROUP BY domain, days HAVING sum(n) > 0`),
    db.all(sql`SELECT CASE WHEN status <> 'due' THEN status
                           WHEN due_on < ${q.today} THEN 'overdue' ELSE 'due' END AS state,
                      sum(n) AS n
                 FROM report_follow_ups WHERE ${inPeriod}
                GROUP BY 1 HAVING sum(n) > 0`),
  ]);
  const days = (d: unknown) => (d === null || d === undefined ? null : Number(d));
  return {
    applications: (apps as { status: string; days: unknown; n: number }[]).map((r) => ({
      status: r.status,
      decisionDays: days(r.days),
      count: Number(r.n),
    })),
    awards: (paid as { domain: string; days: unknown; n: number; paid: unknown }[]).map((r) => ({
      domain: r.domain,
      paymentDays: days(r.days),
      count: Number(r.n),
      paidMinor: pence(r.paid),
    })),
    followUps: (follow as { state: ReportFigures['followUps'][number]['state']; n: number }[]).map(
      (r) => ({ state: r.state, count: Number(r.n) }),
    ),
  };
}

/**
 * The commissioners' report's budget figures in three statements, whatever the number of
 * budgets: per budget whose period meets the report's, its own and its held account's postings
 * summed by reason (as budgetMoney does: allocations and rollovers in are allocated, spends
 * spent), then grouped by stream and mode; approved spends in the period by category; and what
 * the alliance's pools hold and bought.
 */
export async function budgetFigures(
  db: AnyDb,
  q: { allianceId: string; from: string; to: string },
): Promise<BudgetFigures> {
  const inPeriod = sql`SELECT id FROM budgets WHERE alliance_id = ${q.allianceId}
    AND period_start <= ${q.to} AND period_end >= ${q.from}`;
  const [byStream, byCategory, pooling] = await Promise.all([
    db.all(sql`WITH flows AS (
        SELECT b.id AS budget_id, e.reason_code AS reason, sum(p.amount_minor) AS total
          FROM (${inPeriod}) b
          JOIN accounts a ON a.code IN ('budget:' || b.id, 'budget:' || b.id || ':held')
          JOIN postings p ON p.account_id = a.id
          JOIN entries e ON e.id = p.entry_id
         GROUP BY a.id, e.reason_code),
      money AS (
        SELECT budget_id,
               -sum(CASE WHEN reason = 'allocation' OR (reason = 'rollover' AND total < 0)
                         THEN total ELSE 0 END) AS allocated,
               sum(CASE WHEN reason = 'spend' THEN total ELSE 0 END) AS spent
          FROM flows GROUP BY budget_id)
      SELECT s.name AS stream, b.control_mode AS mode, count(*) AS n,
             coalesce(sum(m.allocated), 0) AS allocated, coalesce(sum(m.spent), 0) AS spent
        FROM budgets b JOIN streams s ON s.id = b.stream_id
        LEFT JOIN money m ON m.budget_id = b.id
       WHERE b.id IN (${inPeriod})
       GROUP BY s.name, b.control_mode`),
    db.all(sql`SELECT category, count(DISTINCT budget_id) AS n, sum(amount_minor) AS amount
                 FROM spends
                WHERE budget_id IN (${inPeriod}) AND status = 'approved'
                  AND spent_on >= ${q.from} AND spent_on <= ${q.to}
                GROUP BY category`),
    db.all(sql`SELECT
        (SELECT count(DISTINCT m.budget_id) FROM pool_members m JOIN pools p ON p.id = m.pool_id
          WHERE p.alliance_id = ${q.allianceId}) AS members,
        (SELECT coalesce(sum(x.amount_minor), 0) FROM pool_purchases x JOIN pools p ON p.id = x.pool_id
          WHERE p.alliance_id = ${q.allianceId}
            AND x.bought_on >= ${q.from} AND x.bought_on <= ${q.to}) AS bought`),
  ]);
  const pool = (pooling as { members: number; bought: unknown }[])[0];
  return {
    budgets: (
      byStream as { stream: string; mode: string; n: number; allocated: unknown; spent: unknown }[]
    ).map((r) => ({
      stream: r.stream,
      mode: r.mode,
      count: Number(r.n),
      allocatedMinor: pence(r.allocated),
      spentMinor: pence(r.spent),
    })),
    categories: (byCategory as { category: string; n: number; amount: unknown }[]).map((r) => ({
      category: r.category,
      budgets: Number(r.n),
      amountMinor: pence(r.amount),
    })),
    pooledBudgets: Number(pool?.members ?? 0),
    poolBoughtMinor: pence(pool?.bought ?? 0),
  };
}
