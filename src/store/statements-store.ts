import { and, asc, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import type { AccountType, Entry } from '../core/ledger/model.js';
import type {
  AwardFacts,
  CoveredEntries,
  RegisterQuery,
  SparksMovement,
  StatementPosting,
  StatementsStore,
  TrialBalanceRowsQuery,
} from '../core/statements/store.js';
import {
  accounts,
  applicants,
  awards,
  disbursements,
  entries,
  followUps,
  grantReturns,
  postings,
  receipts,
} from './schema.js';
import { pence } from './pence.js';
import { awardFlows, awardsMadeCount, awardsMadePage } from './register-store.js';
import { trialBalanceRows, trialBalanceSums } from './trial-balance-store.js';
import { inList } from './in-list.js';
import { entryParties, spendParties } from './posting-parties-store.js';

import { entriesWithPostings, postingsAfter } from './rows.js';
import type { AnyDb } from './sqlite-store.js';

/**
 * Whom an account `a` is about, by reference, for naming it (core/statements/account-names.ts):
 * an award's applicant, a budget's (or its held money's) holder, a stream, a pool and the member
 * whose share it is. Each is one primary-key lookup; nothing here is a person's name.
 */
export const ACCOUNT_SUBJECT = sql.raw(`CASE
  WHEN a.code LIKE 'award:%' THEN (SELECT ap.reference FROM awards aw JOIN applicants ap
    ON ap.id = aw.applicant_id WHERE aw.id = substr(a.code, 7))
  WHEN a.code LIKE 'budget:%' THEN (SELECT pe.reference FROM budgets b JOIN people pe
    ON pe.id = b.holder_id WHERE b.id = substr(a.code, 8,
      CASE WHEN a.code LIKE '%:held' THEN length(a.code) - 12 ELSE length(a.code) END))
  WHEN a.code LIKE 'stream:%' THEN (SELECT s.name FROM streams s WHERE s.id = substr(a.code, 8))
  WHEN a.code LIKE 'pool:%:member:%' THEN (SELECT p.name || ' · ' || pe.reference
    FROM pools p, budgets b JOIN people pe ON pe.id = b.holder_id
    WHERE p.id = substr(a.code, 6, instr(a.code, ':member:') - 6)
      AND b.id = substr(a.code, instr(a.code, ':member:') + 8))
END`);

/**
 * The reads behind statements and exports, on either driver through the same drizzle database.
 * Each is bounded by the statement's chain head (`entries.seq <= headSeq`), so a statement that
 * takes many queries, or streams its rows for a while, still reads one unchanging snapshot.
 */
export class SqliteStatementsStore implements StatementsStore {
  constructor(private readonly db: AnyDb) {}

  async coveredEntries(q: {
    allianceId: string;
    from: string | null;
    to: string;
    headSeq: number;
  }): Promise<CoveredEntries> {
    // The first and the last by walking the (alliance, seq) index from either end: no count, which
    // would visit every entry of the alliance.
    const covered = and(
      eq(entries.allianceId, q.allianceId),
      lte(entries.seq, q.headSeq),
      lte(entries.effectiveDate, q.to),
      q.from === null ? undefined : gte(entries.effectiveDate, q.from),
    );
    const [[first], [last]] = await Promise.all([
      this.db
        .select({ seq: entries.seq })
        .from(entries)
        .where(covered)
        .orderBy(asc(entries.seq))
        .limit(1),
      this.db
        .select({
          seq: entries.seq,
          entryId: entries.id,
          hash: entries.hash,
          recordedAt: entries.recordedAt,
        })
        .from(entries)
        .where(covered)
        .orderBy(desc(entries.seq))
        .limit(1),
    ]);
    return first && last ? { firstSeq: first.seq, last } : { firstSeq: null, last: null };
  }

  async accountBalance(q: { accountId: number; date: string; headSeq: number }): Promise<number> {
    const rows = await this.db
      .select({ total: sql<number>`coalesce(sum(${postings.amountMinor}), 0)` })
      .from(postings)
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .where(
        and(
          eq(postings.accountId, q.accountId),
          lte(postings.effectiveDate, q.date),
          lte(entries.seq, q.headSeq),
        ),
      );
    return pence(rows[0]?.total ?? 0);
  }

  async accountMovement(q: { accountId: number; from: string; to: string; headSeq: number }) {
    const rows = await this.db
      .select({
        postings: sql<number>`count(*)`,
        debits: sql<number>`coalesce(sum(CASE WHEN ${postings.amountMinor} > 0 THEN ${postings.amountMinor} END), 0)`,
        credits: sql<number>`coalesce(sum(CASE WHEN ${postings.amountMinor} < 0 THEN ${postings.amountMinor} END), 0)`,
      })
      .from(postings)
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .where(
        and(
          eq(postings.accountId, q.accountId),
          gte(postings.effectiveDate, q.from),
          lte(postings.effectiveDate, q.to),
          lte(entries.seq, q.headSeq),
        ),
      );
    const row = rows[0];
    return {
      postings: Number(row?.postings ?? 0),
      debitsMinor: pence(row?.debits ?? 0),
      creditsMinor: pence(row?.credits ?? 0),
    };
  }

  async accountPostings(q: {
    accountId: number;
    from: string;
    to: string;
    headSeq: number;
    after: { effectiveDate: string; id: number } | null;
    limit: number;
  }): Promise<StatementPosting[]> {
    const after = q.after;
    const rows = await this.db
      .select({
        id: postings.id,
        effectiveDate: postings.effectiveDate,
        seq: entries.seq,
        entryId: postings.entryId,
        line: postings.line,
        amountMinor: postings.amountMinor,
        description: entries.description,
        reasonCode: entries.reasonCode,
      })
      .from(postings)
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .where(
        and(
          eq(postings.accountId, q.accountId),
          after ? postingsAfter(after) : gte(postings.effectiveDate, q.from),
          lte(postings.effectiveDate, q.to),
          lte(entries.seq, q.headSeq),
        ),
      )
      .orderBy(asc(postings.effectiveDate), asc(postings.id))
      .limit(q.limit);
    return rows.map((r) => ({ ...r, amountMinor: pence(r.amountMinor) }));
  }

  trialBalanceSums(q: { allianceId: string; asOf: string }) {
    return trialBalanceSums(this.db, q);
  }

  trialBalanceRows(q: TrialBalanceRowsQuery) {
    return trialBalanceRows(this.db, q);
  }

  async trialBalanceAt(q: { allianceId: string; asOf: string }) {
    // Each account's stored balance less its postings dated after `asOf` (one index range per
    // account), joined to the chain head in one statement: SQLite (and D1) runs a statement on one
    // snapshot, and balances move in the same transaction as the entries, so the head is exactly
    // the one the balances stood at.
    const rows = (await this.db.all(sql`
      SELECT h.head AS head, t.code AS code, t.type AS type, t.total AS total, t.name AS name,
             t.subject AS subject
        FROM (SELECT coalesce(max(${entries.seq}), 0) AS head FROM ${entries}) h
        LEFT JOIN (
          SELECT a.code AS code, a.type AS type, a.name AS name, ${ACCOUNT_SUBJECT} AS subject,
                 a.balance_minor - coalesce((SELECT sum(p.amount_minor) FROM ${postings} p WHERE p.account_id = a.id AND p.effective_date > ${q.asOf}), 0) AS total
            FROM ${accounts} a
           WHERE a.alliance_id = ${q.allianceId}
        ) t ON t.total != 0
       ORDER BY t.code`)) as {
      head: number;
      code: string | null;
      type: AccountType | null;
      total: number | null;
      name: string | null;
      subject: string | null;
    }[];
    return {
      headSeq: Number(rows[0]?.head ?? 0),
      rows: rows
        .filter((r) => r.code !== null)
        .map((r) => ({
          code: r.code!,
          type: r.type!,
          balanceMinor: pence(r.total),
          name: r.name,
          subject: r.subject,
        })),
    };
  }

  async postingParties(q: { entryIds: readonly string[]; spendIds: readonly string[] }) {
    return {
      entries: q.entryIds.length > 0 ? await entryParties(this.db, q.entryIds) : [],
      spends: q.spendIds.length > 0 ? await spendParties(this.db, q.spendIds) : [],
    };
  }

  async sparksMovements(q: {
    allianceId: string;
    fundCode: string;
    from: string | null;
    to: string;
    headSeq: number;
  }): Promise<SparksMovement[]> {
    const rows = await this.db
      .select({
        seq: entries.seq,
        entryId: entries.id,
        effectiveDate: postings.effectiveDate,
        reasonCode: entries.reasonCode,
        accountCode: accounts.code,
        amountMinor: postings.amountMinor,
        receiptId: receipts.id,
        restricted: receipts.restricted,
        funder: receipts.funder,
        receiptReference: receipts.reference,
        disbursementId: disbursements.id,
        method: disbursements.method,
        returnId: grantReturns.id,
        returnAwardId: grantReturns.awardId,
      })
      .from(postings)
      .innerJoin(accounts, eq(accounts.id, postings.accountId))
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .leftJoin(receipts, eq(receipts.entryId, entries.id))
      .leftJoin(disbursements, eq(disbursements.entryId, entries.id))
      .leftJoin(grantReturns, eq(grantReturns.entryId, entries.id))
      .where(
        and(
          eq(accounts.allianceId, q.allianceId),
          // Award accounts are `award:<id>`: a range on the code uses the (alliance, code) index.
          or(
            eq(accounts.code, q.fundCode),
            and(gte(accounts.code, 'award:'), lt(accounts.code, 'award;')),
          ),
          lte(postings.effectiveDate, q.to),
          q.from === null ? undefined : gte(postings.effectiveDate, q.from),
          lte(entries.seq, q.headSeq),
        ),
      )
      .orderBy(asc(entries.seq), asc(postings.line));
    return rows.map((r) => ({
      seq: r.seq,
      entryId: r.entryId,
      effectiveDate: r.effectiveDate,
      reasonCode: r.reasonCode,
      accountCode: r.accountCode,
      amountMinor: pence(r.amountMinor),
      receipt:
        r.receiptId === null
          ? null
          : {
              id: r.receiptId,
              restricted: Boolean(r.restricted),
              funder: r.funder ?? '',
              reference: r.receiptReference,
            },
      disbursement:
        r.disbursementId === null ? null : { id: r.disbursementId, method: r.method ?? '' },
      grantReturn: r.returnId === null ? null : { id: r.returnId, awardId: r.returnAwardId ?? '' },
    }));
  }

  async awardFacts(awardIds: readonly string[]): Promise<AwardFacts[]> {
    const result: AwardFacts[] = [];
    if (awardIds.length > 0) {
      const rows = await this.db
        .select({
          id: awards.id,
          applicantReference: applicants.reference,
          domain: awards.domain,
          awardedOn: awards.awardedOn,
          amountMinor: awards.amountMinor,
          dueOn: followUps.dueOn,
          status: followUps.status,
          heardOn: followUps.heardOn,
          updatedAt: followUps.updatedAt,
        })
        .from(awards)
        .innerJoin(applicants, eq(applicants.id, awards.applicantId))
        .leftJoin(followUps, eq(followUps.awardId, awards.id))
        .where(inList(awards.id, awardIds));
      for (const r of rows) {
        result.push({
          id: r.id,
          applicantReference: r.applicantReference,
          domain: r.domain,
          awardedOn: r.awardedOn,
          amountMinor: pence(r.amountMinor),
          followUp:
            r.dueOn === null || r.status === null
              ? null
              : {
                  dueOn: r.dueOn,
                  status: r.status,
                  heardOn: r.heardOn,
                  closedOn: r.status === 'due' ? null : (r.updatedAt?.slice(0, 10) ?? null),
                },
        });
      }
    }
    return result;
  }

  awardsMadePage(q: RegisterQuery & { afterSeq: number; limit: number }) {
    return awardsMadePage(this.db, q);
  }

  awardsMadeCount(q: RegisterQuery) {
    return awardsMadeCount(this.db, q);
  }

  awardFlows(q: RegisterQuery & { fundCode: string; awardIds: readonly string[] | null }) {
    return awardFlows(this.db, q);
  }

  async accountsPage(q: {
    allianceId: string;
    after: string | null;
    before?: string;
    limit: number;
  }) {
    return (await this.db.all(sql`
      SELECT a.code AS code, a.type AS type, a.name AS name, ${ACCOUNT_SUBJECT} AS subject
        FROM ${accounts} a
       WHERE a.alliance_id = ${q.allianceId} AND a.code > ${q.after ?? ''}
         ${q.before === undefined ? sql`` : sql`AND a.code < ${q.before}`}
       ORDER BY a.code
       LIMIT ${q.limit}`)) as {
      code: string;
      type: AccountType;
      name: string | null;
      subject: string | null;
    }[];
  }

  async accountsNamed(q: { allianceId: string; codes: readonly string[] }) {
    if (!q.codes.length) return [];
    // One index probe per code (accounts_alliance_code): the rows read are the codes asked for.
    return (await this.db.all(sql`
      SELECT a.code AS code, a.type AS type, a.name AS name, ${ACCOUNT_SUBJECT} AS subject
        FROM ${accounts} a
       WHERE a.alliance_id = ${q.allianceId} AND a.code IN (${sql.join(
         [...new Set(q.codes)].slice(0, 90).map((code) => sql`${code}`),
         sql`, `,
       )})
       ORDER BY a.code`)) as {
      code: string;
      type: AccountType;
      name: string | null;
      subject: string | null;
    }[];
  }

  async entriesPage(q: {
    allianceId: string;
    afterSeq: number;
    headSeq: number;
    limit: number;
  }): Promise<Entry[]> {
    return entriesWithPostings(this.db, {
      allianceId: q.allianceId,
      afterSeq: q.afterSeq,
      toSeq: q.headSeq,
      limit: q.limit,
    });
  }
}
