import { sql } from 'drizzle-orm';
import type { ReportFigures, ReportFiguresQuery } from '../core/reports/figures.js';
import { pence } from './pence.js';
import type { AnyDb } from './sqlite-store.js';

/**
 * The Small Sparks reports' figures in three statements, whatever the number of applications:
 * the database counts and sums (GROUP BY), and the core only reads a few rows per status,
 * domain and number of days. Days are whole days between two ISO dates (julianday of a date is
 * exact at midnight, so the difference is an integer); money is integer pence summed in SQL.
 */
export async function reportFigures(db: AnyDb, q: ReportFiguresQuery): Promise<ReportFigures> {
  const received = sql`WITH received AS (
    SELECT id, received_on, status FROM applications
     WHERE alliance_id = ${q.allianceId} AND received_on >= ${q.from} AND received_on <= ${q.to})`;
  // Awards of those applications (one award per application: awards_application is unique).
  const theirAwards = sql`received r JOIN awards w
    ON w.application_id = r.id AND w.alliance_id = ${q.allianceId}`;
  const [apps, paid, follow] = await Promise.all([
    db.all(sql`${received}
      SELECT status, days, count(*) AS n FROM (
        SELECT r.status AS status,
               CAST(round(julianday((SELECT min(d.decided_on) FROM decisions d
                 WHERE d.application_id = r.id AND d.outcome <> 'defer'))
                 - julianday(r.received_on)) AS INTEGER) AS days
          FROM received r)
       GROUP BY status, days`),
    // What an award paid is the ledger's: its account's disbursement postings (debits).
    db.all(sql`${received}
      SELECT domain, days, count(*) AS n, sum(paid) AS paid FROM (
        SELECT w.domain AS domain,
               CAST(round(julianday((SELECT min(p.paid_on) FROM disbursements p
                 WHERE p.award_id = w.id)) - julianday(r.received_on)) AS INTEGER) AS days,
               coalesce((SELECT sum(pp.amount_minor) FROM accounts acc
                   JOIN postings pp ON pp.account_id = acc.id
                   JOIN entries e ON e.id = pp.entry_id
                  WHERE acc.code = 'award:' || w.id AND e.reason_code = 'disbursement'), 0) AS paid
          FROM ${theirAwards})
       GROUP BY domain, days`),
    db.all(sql`${received}
      SELECT CASE WHEN f.status <> 'due' THEN f.status
                  WHEN f.due_on < ${q.today} THEN 'overdue' ELSE 'due' END AS state,
             count(*) AS n
        FROM ${theirAwards}
        JOIN follow_ups f ON f.award_id = w.id AND f.alliance_id = ${q.allianceId}
       GROUP BY 1`),
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
