import { sql } from 'drizzle-orm';
import type { ReportFigures, ReportFiguresQuery } from '../core/reports/figures.js';
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
