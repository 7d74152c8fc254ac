import { sql, type SQL } from 'drizzle-orm';
import type { AwardFlows, RegisterQuery } from '../core/statements/store.js';
import { inList } from './in-list.js';
import { pence } from './pence.js';
import { accounts, entries, grantReturns, postings } from './schema.js';
import type { AnyDb } from './sqlite-store.js';

/**
 * The grant register's reads, a page at a time (see core/statements/grant-register.ts). An award
 * is "made in the period" when its award entry (reason `award`, on its `award:<id>` account) is
 * dated in it; awards are ordered by that entry's place in the chain, as the register lists them.
 * Every read is bounded by the statement's chain head, so the two passes of a PDF (count, then
 * draw) see the same rows.
 */

// Award accounts are `award:<id>`: a range on the code uses the (alliance, code) index.
const AWARD_ACCOUNTS = sql`${accounts.code} >= 'award:' AND ${accounts.code} < 'award;'`;

function madeIn(q: RegisterQuery): SQL {
  return sql`${accounts.allianceId} = ${q.allianceId} AND ${AWARD_ACCOUNTS}
    AND ${entries.reasonCode} = 'award' AND ${postings.effectiveDate} >= ${q.from}
    AND ${postings.effectiveDate} <= ${q.to} AND ${entries.seq} <= ${q.headSeq}`;
}

export async function awardsMadePage(
  db: AnyDb,
  q: RegisterQuery & { afterSeq: number; limit: number },
): Promise<{ awardId: string; seq: number }[]> {
  return (await db.all(sql`
    SELECT substr(${accounts.code}, 7) AS awardId, ${entries.seq} AS seq
      FROM ${postings}
      JOIN ${accounts} ON ${accounts.id} = ${postings.accountId}
      JOIN ${entries} ON ${entries.id} = ${postings.entryId}
     WHERE ${madeIn(q)} AND ${entries.seq} > ${q.afterSeq}
     ORDER BY ${entries.seq}, ${postings.line}
     LIMIT ${q.limit}`)) as { awardId: string; seq: number }[];
}

/**
 * The award accounts' postings dated up to the period's end, summed by award and reason, and the
 * returns to the fund for those awards: for the awards named, or (`awardIds` null) for every
 * award made in the period, summed over them all (awardId null) for the register's totals.
 */
export async function awardFlows(
  db: AnyDb,
  q: RegisterQuery & { fundCode: string; awardIds: readonly string[] | null },
): Promise<AwardFlows> {
  const made = sql`SELECT ${accounts.code} FROM ${postings}
      JOIN ${accounts} ON ${accounts.id} = ${postings.accountId}
      JOIN ${entries} ON ${entries.id} = ${postings.entryId} WHERE ${madeIn(q)}`;
  const codes =
    q.awardIds === null
      ? sql`${accounts.code} IN (${made})`
      : inList(
          accounts.code,
          q.awardIds.map((id) => `award:${id}`),
        );
  const byAward = q.awardIds !== null;
  const upTo = sql`${postings.effectiveDate} <= ${q.to} AND ${entries.seq} <= ${q.headSeq}`;
  const [flows, returns] = await Promise.all([
    db.all(sql`
      SELECT ${byAward ? sql`substr(${accounts.code}, 7)` : sql`NULL`} AS awardId,
             ${entries.reasonCode} AS reasonCode, sum(${postings.amountMinor}) AS total
        FROM ${postings}
        JOIN ${accounts} ON ${accounts.id} = ${postings.accountId}
        JOIN ${entries} ON ${entries.id} = ${postings.entryId}
       WHERE ${codes} AND ${upTo}
       GROUP BY 1, 2`),
    db.all(sql`
      SELECT ${byAward ? sql`${grantReturns.awardId}` : sql`NULL`} AS awardId,
             sum(${postings.amountMinor}) AS total
        FROM ${postings}
        JOIN ${accounts} ON ${accounts.id} = ${postings.accountId}
        JOIN ${entries} ON ${entries.id} = ${postings.entryId}
        JOIN ${grantReturns} ON ${grantReturns.entryId} = ${entries.id}
       WHERE ${accounts.code} = ${q.fundCode} AND ${entries.reasonCode} = 'grant_return'
         AND ${
           q.awardIds === null
             ? sql`'award:' || ${grantReturns.awardId} IN (${made})`
             : inList(grantReturns.awardId, q.awardIds)
         }
         AND ${upTo}
       GROUP BY 1`),
  ]);
  return {
    flows: (flows as { awardId: string | null; reasonCode: string; total: number }[]).map((r) => ({
      awardId: r.awardId,
      reasonCode: r.reasonCode,
      amountMinor: pence(r.total),
    })),
    returns: (returns as { awardId: string | null; total: number }[]).map((r) => ({
      awardId: r.awardId,
      amountMinor: pence(r.total),
    })),
  };
}

/** How many awards were made in the period. */
export async function awardsMadeCount(db: AnyDb, q: RegisterQuery): Promise<number> {
  const rows = (await db.all(sql`
    SELECT count(*) AS n FROM ${postings}
      JOIN ${accounts} ON ${accounts.id} = ${postings.accountId}
      JOIN ${entries} ON ${entries.id} = ${postings.entryId}
     WHERE ${madeIn(q)}`)) as { n: number }[];
  return Number(rows[0]?.n ?? 0);
}
