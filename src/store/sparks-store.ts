import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Page } from '../core/paging.js';
import { afterCursor, beforeCursor, inList, referenceStarts } from './in-list.js';
import type { SittingFilter } from '../core/sparks/list-sittings.js';
import type { FollowUpQuery, ReceiptFilter } from '../core/sparks/list-pages.js';
import type {
  Alliance,
  Applicant,
  Application,
  Award,
  AwardMoney,
  Decision,
  Disbursement,
  Domain,
  FollowUp,
  GrantReturn,
  PanelMember,
  Receipt,
  Sitting,
} from '../core/sparks/model.js';
import { allianceAccounts } from '../core/sparks/model.js';
import type {
  ApplicationFilter,
  AwardFilter,
  SparksStore,
  SparksWrite,
} from '../core/sparks/store.js';
import { pence } from './pence.js';
import { reportFigures } from './reports-store.js';
import type { ReportFiguresQuery } from '../core/reports/figures.js';
import {
  accounts,
  alliances,
  applicants,
  applications,
  awards,
  conflicts,
  decisions,
  disbursements,
  entries,
  followUps,
  grantReturns,
  panelMembers,
  postings,
  receipts,
  sittingMembers,
  sittings,
} from './schema.js';
import type { AnyDb, DrizzleQuery } from './sqlite-store.js';

/** Small Sparks writes as drizzle statements, for the same atomic batch as the ledger entry. */
export function sparksStatements(db: AnyDb, write: SparksWrite): DrizzleQuery[] {
  switch (write.kind) {
    case 'alliance_create':
      return [db.insert(alliances).values(write.alliance)];
    case 'alliance_update': {
      const { id, createdAt: _created, ...rest } = write.alliance;
      return [db.update(alliances).set(rest).where(eq(alliances.id, id))];
    }
    case 'receipt':
      return [db.insert(receipts).values(write.receipt)];
    case 'panel_member':
      return [db.insert(panelMembers).values(write.member)];
    case 'panel_member_retire':
      return [
        db
          .update(panelMembers)
          .set({ retiredOn: write.retiredOn })
          .where(eq(panelMembers.id, write.memberId)),
      ];
    case 'follow_up_extend':
      return [
        db
          .update(followUps)
          .set({ dueOn: write.dueOn })
          .where(eq(followUps.awardId, write.awardId)),
      ];
    case 'applicant':
      return [db.insert(applicants).values(write.applicant)];
    case 'applicant_contact':
      return [
        db
          .update(applicants)
          .set({ name: write.name, contact: write.contact })
          .where(and(eq(applicants.id, write.applicantId), sql`${applicants.erasedAt} IS NULL`)),
      ];
    case 'application':
      return [db.insert(applications).values(write.application)];
    case 'application_status':
      return [
        db
          .update(applications)
          .set({ status: write.status })
          .where(eq(applications.id, write.applicationId)),
      ];
    case 'sitting': {
      const { members, conflicts: _none, ...row } = write.sitting;
      return [
        db.insert(sittings).values(row),
        ...members.map((m) =>
          db.insert(sittingMembers).values({
            sittingId: row.id,
            memberId: m.memberId,
            livedExperience: m.livedExperience,
          }),
        ),
      ];
    }
    case 'conflict':
      return [
        db
          .insert(conflicts)
          .values({
            sittingId: write.sittingId,
            applicationId: write.applicationId,
            memberId: write.memberId,
            declaredAt: write.declaredAt,
          })
          .onConflictDoNothing(),
      ];
    case 'decision':
      return [db.insert(decisions).values(write.decision)];
    case 'award':
      return [db.insert(awards).values(write.award)];
    case 'follow_up':
      return [db.insert(followUps).values(followUpRow(write.followUp))];
    case 'follow_up_close': {
      const { awardId, ...row } = followUpRow(write.followUp);
      return [db.update(followUps).set(row).where(eq(followUps.awardId, awardId))];
    }
    case 'disbursement':
      return [db.insert(disbursements).values(write.disbursement)];
    case 'award_cancel':
      return [
        db
          .update(awards)
          .set({ cancelledOn: write.cancelledOn, cancelReason: write.reason })
          .where(eq(awards.id, write.awardId)),
      ];
    case 'grant_return':
      return [db.insert(grantReturns).values(write.grantReturn)];
  }
}

function followUpRow(f: FollowUp) {
  return { ...f, domainsImproved: f.domainsImproved ? JSON.stringify(f.domainsImproved) : null };
}

export class SqliteSparksStore implements SparksStore {
  constructor(private readonly db: AnyDb) {}

  async getAlliance(id: string): Promise<Alliance | null> {
    return (await this.db.select().from(alliances).where(eq(alliances.id, id)).limit(1))[0] ?? null;
  }

  async listReceipts(allianceId: string): Promise<Receipt[]> {
    return this.db
      .select()
      .from(receipts)
      .where(eq(receipts.allianceId, allianceId))
      .orderBy(asc(receipts.receivedOn), asc(receipts.id));
  }

  async getReceipt(id: string): Promise<Receipt | null> {
    return (await this.db.select().from(receipts).where(eq(receipts.id, id)))[0] ?? null;
  }

  async pageReceipts(allianceId: string, q: ReceiptFilter, page: Page): Promise<Receipt[]> {
    return this.db
      .select()
      .from(receipts)
      .where(
        and(
          eq(receipts.allianceId, allianceId),
          q.from ? gte(receipts.receivedOn, q.from) : undefined,
          q.to ? lte(receipts.receivedOn, q.to) : undefined,
          q.restricted === undefined ? undefined : eq(receipts.restricted, q.restricted),
          afterCursor(receipts.receivedOn, receipts.id, page.after),
        ),
      )
      .orderBy(asc(receipts.receivedOn), asc(receipts.id))
      .limit(page.limit + 1);
  }

  async pageFollowUps(allianceId: string, q: FollowUpQuery, page: Page): Promise<FollowUp[]> {
    const due = eq(followUps.status, 'due');
    const state =
      q.state === 'heard' || q.state === 'waived'
        ? eq(followUps.status, q.state)
        : q.state === 'overdue'
          ? and(due, lt(followUps.dueOn, q.today))
          : q.state === 'due-soon'
            ? and(due, gte(followUps.dueOn, q.today), lte(followUps.dueOn, q.horizon))
            : undefined;
    return (
      await this.db
        .select()
        .from(followUps)
        .where(
          and(
            eq(followUps.allianceId, allianceId),
            state,
            q.from ? gte(followUps.dueOn, q.from) : undefined,
            q.to ? lte(followUps.dueOn, q.to) : undefined,
            afterCursor(followUps.dueOn, followUps.awardId, page.after),
          ),
        )
        .orderBy(asc(followUps.dueOn), asc(followUps.awardId))
        .limit(page.limit + 1)
    ).map(toFollowUp);
  }

  async listPanelMembers(allianceId: string): Promise<PanelMember[]> {
    return this.db
      .select()
      .from(panelMembers)
      .where(eq(panelMembers.allianceId, allianceId))
      .orderBy(asc(panelMembers.createdAt), asc(panelMembers.id));
  }

  async pagePanelMembers(
    allianceId: string,
    q: { state?: 'serving' | 'retired' },
    page: Page,
  ): Promise<PanelMember[]> {
    return this.db
      .select()
      .from(panelMembers)
      .where(
        and(
          eq(panelMembers.allianceId, allianceId),
          q.state === 'serving' ? isNull(panelMembers.retiredOn) : undefined,
          q.state === 'retired' ? isNotNull(panelMembers.retiredOn) : undefined,
          afterCursor(panelMembers.createdAt, panelMembers.id, page.after),
        ),
      )
      .orderBy(asc(panelMembers.createdAt), asc(panelMembers.id))
      .limit(page.limit + 1);
  }

  async getPanelMembers(ids: readonly string[]): Promise<PanelMember[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(panelMembers)
      .where(inArray(panelMembers.id, [...new Set(ids)]));
  }

  async getApplicant(id: string): Promise<Applicant | null> {
    return (
      (await this.db.select().from(applicants).where(eq(applicants.id, id)).limit(1))[0] ?? null
    );
  }

  async applicantByReference(allianceId: string, reference: string): Promise<Applicant | null> {
    return (
      (
        await this.db
          .select()
          .from(applicants)
          .where(and(eq(applicants.allianceId, allianceId), eq(applicants.reference, reference)))
          .limit(1)
      )[0] ?? null
    );
  }

  async listApplicants(allianceId: string): Promise<Applicant[]> {
    return this.db
      .select()
      .from(applicants)
      .where(eq(applicants.allianceId, allianceId))
      .orderBy(asc(applicants.reference));
  }

  async getApplicants(ids: readonly string[]): Promise<Applicant[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(applicants).where(inList(applicants.id, ids));
  }

  async getApplication(id: string): Promise<Application | null> {
    return (
      ((await this.db.select().from(applications).where(eq(applications.id, id)).limit(1))[0] as
        | Application
        | undefined) ?? null
    );
  }

  async listApplications(
    allianceId: string,
    statuses: readonly Application['status'][] | null,
    limit?: number,
  ): Promise<Application[]> {
    const query = this.db
      .select()
      .from(applications)
      .where(
        and(
          eq(applications.allianceId, allianceId),
          statuses ? inArray(applications.status, [...statuses]) : undefined,
        ),
      )
      .orderBy(asc(applications.receivedOn), asc(applications.id));
    return (await (limit === undefined ? query : query.limit(limit))) as Application[];
  }

  async pageApplications(allianceId: string, q: ApplicationFilter, page: Page) {
    return (
      await this.db
        .select({ application: applications })
        .from(applications)
        .innerJoin(applicants, eq(applicants.id, applications.applicantId))
        .where(
          and(
            eq(applications.allianceId, allianceId),
            q.statuses ? inList(applications.status, q.statuses) : undefined,
            q.from ? gte(applications.receivedOn, q.from) : undefined,
            q.to ? lte(applications.receivedOn, q.to) : undefined,
            q.reference ? referenceStarts(applicants.reference, q.reference) : undefined,
            afterCursor(applications.receivedOn, applications.id, page.after),
          ),
        )
        .orderBy(asc(applications.receivedOn), asc(applications.id))
        .limit(page.limit + 1)
    ).map((r) => r.application as Application);
  }

  async latestApplicationsOf(applicantId: string, limit: number) {
    return (await this.db
      .select()
      .from(applications)
      .where(eq(applications.applicantId, applicantId))
      .orderBy(desc(applications.receivedOn), desc(applications.id))
      .limit(limit)) as Application[];
  }

  async pageAwards(allianceId: string, q: AwardFilter, page: Page) {
    return (
      await this.db
        .select({ award: awards })
        .from(awards)
        .innerJoin(applicants, eq(applicants.id, awards.applicantId))
        .where(
          and(
            eq(awards.allianceId, allianceId),
            q.from ? gte(awards.awardedOn, q.from) : undefined,
            q.to ? lte(awards.awardedOn, q.to) : undefined,
            q.reference ? referenceStarts(applicants.reference, q.reference) : undefined,
            afterCursor(awards.awardedOn, awards.id, page.after),
          ),
        )
        .orderBy(asc(awards.awardedOn), asc(awards.id))
        .limit(page.limit + 1)
    ).map((r) => r.award as Award);
  }

  async pageApplicants(allianceId: string, q: { reference?: string }, page: Page) {
    const reference = sql`coalesce(${applicants.reference}, '')`;
    return (await this.db
      .select()
      .from(applicants)
      .where(
        and(
          eq(applicants.allianceId, allianceId),
          q.reference ? referenceStarts(applicants.reference, q.reference) : undefined,
          afterCursor(reference, applicants.id, page.after),
        ),
      )
      .orderBy(reference, asc(applicants.id))
      .limit(page.limit + 1)) as Applicant[];
  }

  async getSitting(id: string): Promise<Sitting | null> {
    const row = (await this.db.select().from(sittings).where(eq(sittings.id, id)).limit(1))[0];
    if (!row) return null;
    const [members, declared] = await Promise.all([
      this.db
        .select({
          memberId: sittingMembers.memberId,
          livedExperience: sittingMembers.livedExperience,
        })
        .from(sittingMembers)
        .where(eq(sittingMembers.sittingId, id)),
      this.db
        .select({ applicationId: conflicts.applicationId, memberId: conflicts.memberId })
        .from(conflicts)
        .where(eq(conflicts.sittingId, id)),
    ]);
    return { ...row, members, conflicts: declared };
  }

  async pageSittings(allianceId: string, q: SittingFilter, page: Page) {
    // Written out as `sittings.id`: drizzle prints a bare "id", which inside these subqueries
    // would be the decision's own id.
    const count = (outcome: string) =>
      sql<number>`(select count(*) from decisions d
        where d.sitting_id = sittings.id and d.outcome = ${outcome})`;
    const decided = sql`exists (select 1 from decisions d where d.sitting_id = sittings.id)`;
    const rows = await this.db
      .select({
        id: sittings.id,
        heldOn: sittings.heldOn,
        members: sql<number>`(select count(*) from sitting_members m where m.sitting_id = sittings.id)`,
        awarded: count('award'),
        declined: count('decline'),
        deferred: count('defer'),
      })
      .from(sittings)
      .where(
        and(
          eq(sittings.allianceId, allianceId),
          q.from ? gte(sittings.heldOn, q.from) : undefined,
          q.to ? lte(sittings.heldOn, q.to) : undefined,
          q.state === 'decided' ? decided : q.state === 'open' ? sql`not ${decided}` : undefined,
          beforeCursor(sittings.heldOn, sittings.id, page.after),
        ),
      )
      .orderBy(desc(sittings.heldOn), desc(sittings.id))
      .limit(page.limit + 1);
    return rows.map((r) => {
      const [awarded, declined, deferred] = [r.awarded, r.declined, r.deferred].map(Number) as [
        number,
        number,
        number,
      ];
      const heard = awarded + declined + deferred;
      return { ...r, members: Number(r.members), heard, awarded, declined, deferred };
    });
  }

  async listSittingDecisions(sittingId: string): Promise<Decision[]> {
    return this.db
      .select()
      .from(decisions)
      .where(eq(decisions.sittingId, sittingId))
      .orderBy(asc(decisions.createdAt), asc(decisions.id));
  }

  async listDecisions(applicationId: string): Promise<Decision[]> {
    return this.db
      .select()
      .from(decisions)
      .where(eq(decisions.applicationId, applicationId))
      .orderBy(asc(decisions.decidedOn), asc(decisions.createdAt));
  }

  async applicationTimes(
    allianceId: string,
  ): Promise<Map<string, { decidedOn: string | null; firstPaidOn: string | null }>> {
    const rows = await this.db
      .select({
        id: applications.id,
        decidedOn: sql<string | null>`(SELECT d.decided_on FROM decisions d
          WHERE d.application_id = applications.id AND d.outcome <> 'defer'
          ORDER BY d.decided_on, d.created_at LIMIT 1)`,
        firstPaidOn: sql<string | null>`(SELECT min(p.paid_on) FROM disbursements p
          JOIN awards w ON w.id = p.award_id WHERE w.application_id = applications.id)`,
      })
      .from(applications)
      .where(eq(applications.allianceId, allianceId));
    return new Map(rows.map((r) => [r.id, { decidedOn: r.decidedOn, firstPaidOn: r.firstPaidOn }]));
  }

  reportFigures(q: ReportFiguresQuery) {
    return reportFigures(this.db, q);
  }

  async getAward(id: string): Promise<Award | null> {
    return (
      ((await this.db.select().from(awards).where(eq(awards.id, id)).limit(1))[0] as
        | Award
        | undefined) ?? null
    );
  }

  async getAwards(ids: readonly string[]): Promise<Award[]> {
    if (ids.length === 0) return [];
    return (await this.db.select().from(awards).where(inList(awards.id, ids))) as Award[];
  }

  async getAwardByApplication(applicationId: string): Promise<Award | null> {
    return (
      ((
        await this.db.select().from(awards).where(eq(awards.applicationId, applicationId)).limit(1)
      )[0] as Award | undefined) ?? null
    );
  }

  async listAwards(allianceId: string): Promise<Award[]> {
    return (await this.db
      .select()
      .from(awards)
      .where(eq(awards.allianceId, allianceId))
      .orderBy(asc(awards.awardedOn), asc(awards.id))) as Award[];
  }

  async awardMoney(awardIds: readonly string[]): Promise<Map<string, AwardMoney>> {
    const result = new Map<string, AwardMoney>();
    const ids = [...new Set(awardIds)];
    if (ids.length === 0) return result;
    const codes = ids.map((id) => `award:${id}`);
    const [flows, returned] = await Promise.all([
      this.db
        .select({
          code: accounts.code,
          reason: entries.reasonCode,
          total: sql<number>`sum(${postings.amountMinor})`,
        })
        .from(postings)
        .innerJoin(accounts, eq(accounts.id, postings.accountId))
        .innerJoin(entries, eq(entries.id, postings.entryId))
        .where(inList(accounts.code, codes))
        .groupBy(accounts.code, entries.reasonCode),
      this.db
        .select({
          awardId: grantReturns.awardId,
          total: sql<number>`sum(${grantReturns.amountMinor})`,
        })
        .from(grantReturns)
        .where(inList(grantReturns.awardId, ids))
        .groupBy(grantReturns.awardId),
    ]);
    for (const id of ids)
      result.set(id, { paidMinor: 0, returnedMinor: 0, cancelledMinor: 0, outstandingMinor: 0 });
    for (const f of flows) {
      const money = result.get(f.code.slice('award:'.length))!;
      const total = pence(f.total);
      // The award account is credit-normal: the award credits it, payments and cancellation debit it.
      money.outstandingMinor -= total;
      if (f.reason === 'disbursement') money.paidMinor += total;
      else if (f.reason === 'award_cancellation') money.cancelledMinor += total;
    }
    for (const r of returned) result.get(r.awardId)!.returnedMinor = pence(r.total);
    return result;
  }

  async listDisbursements(awardId: string): Promise<Disbursement[]> {
    return this.db
      .select()
      .from(disbursements)
      .where(eq(disbursements.awardId, awardId))
      .orderBy(asc(disbursements.paidOn), asc(disbursements.createdAt));
  }

  async listReturns(awardId: string): Promise<GrantReturn[]> {
    return this.db
      .select()
      .from(grantReturns)
      .where(eq(grantReturns.awardId, awardId))
      .orderBy(asc(grantReturns.returnedOn), asc(grantReturns.createdAt));
  }

  async getFollowUp(awardId: string): Promise<FollowUp | null> {
    const row = (
      await this.db.select().from(followUps).where(eq(followUps.awardId, awardId)).limit(1)
    )[0];
    return row ? toFollowUp(row) : null;
  }

  async listFollowUps(allianceId: string): Promise<FollowUp[]> {
    return (
      await this.db
        .select()
        .from(followUps)
        .where(eq(followUps.allianceId, allianceId))
        .orderBy(asc(followUps.dueOn), asc(followUps.awardId))
    ).map(toFollowUp);
  }

  async unpaidAwards(allianceId: string, limit?: number): Promise<Award[]> {
    // The award account is credit-normal: a negative balance is money awarded and not yet paid.
    const query = this.db
      .select({ award: awards })
      .from(awards)
      .innerJoin(accounts, eq(accounts.code, sql`'award:' || ${awards.id}`))
      .where(
        and(
          eq(awards.allianceId, allianceId),
          isNull(awards.cancelledOn),
          lt(accounts.balanceMinor, 0),
        ),
      )
      .orderBy(asc(awards.awardedOn), asc(awards.id));
    return (await (limit === undefined ? query : query.limit(limit))).map((r) => r.award as Award);
  }

  async followUpsOf(awardIds: readonly string[]): Promise<FollowUp[]> {
    if (awardIds.length === 0) return [];
    return (await this.db.select().from(followUps).where(inList(followUps.awardId, awardIds))).map(
      toFollowUp,
    );
  }

  async followUpsDueBy(allianceId: string, date: string, limit?: number): Promise<FollowUp[]> {
    const query = this.db
      .select()
      .from(followUps)
      .where(
        and(
          eq(followUps.allianceId, allianceId),
          eq(followUps.status, 'due'),
          sql`${followUps.dueOn} <= ${date}`,
        ),
      )
      .orderBy(asc(followUps.dueOn), asc(followUps.awardId));
    return (await (limit === undefined ? query : query.limit(limit))).map(toFollowUp);
  }

  async openCounts(allianceId: string, dueBy: string) {
    // The same conditions as listApplications, unpaidAwards and followUpsDueBy, counted, each
    // from an index alone. Awards waiting for payment are the award accounts still owed money
    // (accounts_award_owing, drizzle/0026): the terms must match its WHERE word for word for
    // SQLite to use it. A cancelled award's account is at zero, so it is not among them.
    const rows = (await this.db.all(sql`
      SELECT
        (SELECT count(*) FROM applications
          WHERE alliance_id = ${allianceId} AND status IN ('received', 'deferred'))
          AS awaitingDecision,
        (SELECT count(*) FROM accounts
          WHERE alliance_id = ${allianceId}
            AND code >= 'award:' AND code < 'award;' AND balance_minor < 0)
          AS awaitingPayment,
        (SELECT count(*) FROM follow_ups
          WHERE alliance_id = ${allianceId} AND status = 'due' AND due_on <= ${dueBy})
          AS followUpsDue`)) as {
      awaitingDecision: number;
      awaitingPayment: number;
      followUpsDue: number;
    }[];
    const row = rows[0];
    return {
      awaitingDecision: Number(row?.awaitingDecision ?? 0),
      awaitingPayment: Number(row?.awaitingPayment ?? 0),
      followUpsDue: Number(row?.followUpsDue ?? 0),
    };
  }

  async overdueFollowUps(applicantId: string, date: string): Promise<FollowUp[]> {
    const rows = await this.db
      .select({ f: followUps })
      .from(followUps)
      .innerJoin(awards, eq(awards.id, followUps.awardId))
      .where(
        and(
          eq(awards.applicantId, applicantId),
          eq(followUps.status, 'due'),
          lt(followUps.dueOn, date),
        ),
      )
      .orderBy(followUps.dueOn, followUps.awardId);
    return rows.map((r) => toFollowUp(r.f));
  }

  async fundFlows(allianceId: string) {
    const { fund } = allianceAccounts(allianceId);
    // The totals per business event the ledger keeps as it posts (drizzle/0028): a few rows for
    // the fund and for the award accounts together, however many awards and payments there are.
    const [totals, restricted] = await Promise.all([
      this.db.all(sql`
        SELECT account, reason_code AS reason, net_minor AS total FROM reason_totals
         WHERE alliance_id = ${allianceId} AND account IN (${fund}, 'award:')`) as Promise<
        { account: string; reason: string; total: number }[]
      >,
      this.db
        .select({ total: sql<number>`coalesce(sum(${receipts.amountMinor}), 0)` })
        .from(receipts)
        .where(and(eq(receipts.allianceId, allianceId), eq(receipts.restricted, true))),
    ]);
    const fundRows = totals.filter((r) => r.account === fund);
    const awardRows = totals.filter((r) => r.account === 'award:');
    const byReason = (rows: { reason: string; total: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.reason, pence(r.total)]));
    const fundFlows = byReason(fundRows);
    const awardFlows = byReason(awardRows);
    const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
    return {
      fund: fundFlows,
      awards: awardFlows,
      fundBalanceMinor: sum(fundFlows),
      awardsBalanceMinor: sum(awardFlows),
      restrictedReceivedMinor: pence(restricted[0]?.total ?? 0),
    };
  }
}

function toFollowUp(row: typeof followUps.$inferSelect): FollowUp {
  return {
    ...row,
    domainsImproved: row.domainsImproved ? (JSON.parse(row.domainsImproved) as Domain[]) : null,
  };
}
