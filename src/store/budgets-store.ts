import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { afterCursor, inList, referenceStarts } from './in-list.js';
import type { Page } from '../core/paging.js';
import type {
  Budget,
  BudgetMoney,
  BudgetParty,
  Person,
  Pool,
  PoolMember,
  Spend,
  Stream,
} from '../core/budgets/model.js';
import type {
  BudgetFilter,
  BudgetWrite,
  BudgetsStore,
  PersonFilter,
} from '../core/budgets/store.js';
import { pence } from './pence.js';
import { budgetFigures } from './reports-store.js';
import {
  accounts,
  budgetParties,
  budgetReserveDraws,
  budgets,
  entries,
  people,
  poolMembers,
  poolPurchases,
  pools,
  postings,
  spends,
  streams,
} from './schema.js';
import type { AnyDb, DrizzleQuery } from './sqlite-store.js';

/** Budget and pool writes as drizzle statements, for the same batch as their ledger entry. */
export function budgetStatements(db: AnyDb, write: BudgetWrite): DrizzleQuery[] {
  switch (write.kind) {
    case 'person':
      return [db.insert(people).values(write.person)];
    case 'stream': {
      const s = write.stream;
      return [
        db.insert(streams).values({
          ...s,
          allowedCategories: JSON.stringify(s.allowedCategories),
          forbiddenCategories: JSON.stringify(s.forbiddenCategories),
          extraCategories: JSON.stringify(s.extraCategories),
          allowedProviders: s.allowedProviders ? JSON.stringify(s.allowedProviders) : null,
          coreCategories: JSON.stringify(s.coreCategories),
          coreProviders: JSON.stringify(s.coreProviders),
        }),
      ];
    }
    case 'budget':
      return [db.insert(budgets).values(write.budget)];
    case 'budget_party':
      return [db.insert(budgetParties).values(write.party)];
    case 'budget_party_removed':
      return [
        db
          .update(budgetParties)
          .set({ removedAt: write.removedAt, removedReason: write.reason })
          .where(
            and(
              eq(budgetParties.budgetId, write.budgetId),
              eq(budgetParties.personId, write.personId),
              isNull(budgetParties.removedAt),
            ),
          ),
      ];
    case 'budget_close':
      return [
        db
          .update(budgets)
          .set({ status: 'closed', closedOn: write.closedOn })
          .where(eq(budgets.id, write.budgetId)),
      ];
    case 'spend':
      return [db.insert(spends).values(write.spend)];
    case 'spend_decided':
      return [
        db
          .update(spends)
          .set({
            status: write.status,
            decidedBy: write.decidedBy,
            decidedAt: write.decidedAt,
            decisionReason: write.reason,
          })
          .where(eq(spends.id, write.spendId)),
      ];
    case 'pool':
      return [db.insert(pools).values(write.pool)];
    case 'pool_member':
      return [db.insert(poolMembers).values(write.member)];
    case 'pool_member_left':
      return [
        db
          .update(poolMembers)
          .set({ leftAt: write.leftAt })
          .where(
            and(eq(poolMembers.poolId, write.poolId), eq(poolMembers.budgetId, write.budgetId)),
          ),
      ];
    case 'pool_purchase':
      return [db.insert(poolPurchases).values(write.purchase)];
    case 'reserve_draw': {
      const { kind: _, ...draw } = write;
      return [db.insert(budgetReserveDraws).values(draw)];
    }
  }
}

const parse = (text: string) => JSON.parse(text) as string[];

export class SqliteBudgetsStore implements BudgetsStore {
  constructor(private readonly db: AnyDb) {}

  async getPerson(id: string): Promise<Person | null> {
    return (await this.db.select().from(people).where(eq(people.id, id)).limit(1))[0] ?? null;
  }

  async getPeople(ids: readonly string[]): Promise<Person[]> {
    if (ids.length === 0) return [];
    return this.db
      .select()
      .from(people)
      .where(inList(people.id, [...new Set(ids)]));
  }

  async personByReference(allianceId: string, reference: string): Promise<Person | null> {
    const rows = await this.db
      .select()
      .from(people)
      .where(and(eq(people.allianceId, allianceId), eq(people.reference, reference)))
      .limit(1);
    return rows[0] ?? null;
  }

  async listPeople(allianceId: string): Promise<Person[]> {
    return this.db
      .select()
      .from(people)
      .where(eq(people.allianceId, allianceId))
      .orderBy(asc(people.reference));
  }

  async pagePeople(allianceId: string, q: PersonFilter, page: Page): Promise<Person[]> {
    return this.db
      .select()
      .from(people)
      .where(
        and(
          eq(people.allianceId, allianceId),
          q.kind ? eq(people.kind, q.kind) : undefined,
          q.reference ? referenceStarts(people.reference, q.reference) : undefined,
          afterCursor(people.reference, people.id, page.after),
        ),
      )
      .orderBy(asc(people.reference), asc(people.id))
      .limit(page.limit + 1);
  }

  async getStream(id: string): Promise<Stream | null> {
    const row = (await this.db.select().from(streams).where(eq(streams.id, id)).limit(1))[0];
    return row ? toStream(row) : null;
  }

  async getStreams(ids: readonly string[]): Promise<Stream[]> {
    if (ids.length === 0) return [];
    return (
      await this.db
        .select()
        .from(streams)
        .where(inList(streams.id, [...new Set(ids)]))
    ).map(toStream);
  }

  async pageStreams(allianceId: string, q: { name?: string }, page: Page): Promise<Stream[]> {
    return (
      await this.db
        .select()
        .from(streams)
        .where(
          and(
            eq(streams.allianceId, allianceId),
            q.name ? referenceStarts(streams.name, q.name) : undefined,
            afterCursor(streams.name, streams.id, page.after),
          ),
        )
        .orderBy(asc(streams.name), asc(streams.id))
        .limit(page.limit + 1)
    ).map(toStream);
  }

  async pagePools(allianceId: string, q: { name?: string }, page: Page): Promise<Pool[]> {
    return this.db
      .select()
      .from(pools)
      .where(
        and(
          eq(pools.allianceId, allianceId),
          q.name ? referenceStarts(pools.name, q.name) : undefined,
          afterCursor(pools.name, pools.id, page.after),
        ),
      )
      .orderBy(asc(pools.name), asc(pools.id))
      .limit(page.limit + 1);
  }

  async listStreams(allianceId: string): Promise<Stream[]> {
    return (
      await this.db
        .select()
        .from(streams)
        .where(eq(streams.allianceId, allianceId))
        .orderBy(asc(streams.name))
    ).map(toStream);
  }

  async getBudget(id: string): Promise<Budget | null> {
    return (await this.db.select().from(budgets).where(eq(budgets.id, id)).limit(1))[0] ?? null;
  }

  async listBudgets(query: {
    allianceId: string;
    personId?: string | undefined;
  }): Promise<Budget[]> {
    if (!query.personId)
      return this.db
        .select()
        .from(budgets)
        .where(eq(budgets.allianceId, query.allianceId))
        .orderBy(asc(budgets.periodStart), asc(budgets.id));
    return this.db
      .select()
      .from(budgets)
      .where(and(eq(budgets.allianceId, query.allianceId), this.namedOn(query.personId)))
      .orderBy(asc(budgets.periodStart), asc(budgets.id));
  }

  /** Budgets the person holds, or is named on and not removed from. */
  private namedOn(personId: string) {
    const named = this.db
      .select({ id: budgetParties.budgetId })
      .from(budgetParties)
      .where(and(eq(budgetParties.personId, personId), isNull(budgetParties.removedAt)));
    return or(eq(budgets.holderId, personId), inArray(budgets.id, named));
  }

  async pageBudgets(allianceId: string, q: BudgetFilter, page: Page): Promise<Budget[]> {
    return (
      await this.db
        .select({ budget: budgets })
        .from(budgets)
        .innerJoin(people, eq(people.id, budgets.holderId))
        .where(
          and(
            eq(budgets.allianceId, allianceId),
            q.status ? eq(budgets.status, q.status) : undefined,
            q.from ? gte(budgets.periodEnd, q.from) : undefined,
            q.to ? lte(budgets.periodStart, q.to) : undefined,
            q.reference ? referenceStarts(people.reference, q.reference) : undefined,
            q.personId ? this.namedOn(q.personId) : undefined,
            afterCursor(budgets.periodStart, budgets.id, page.after),
          ),
        )
        .orderBy(asc(budgets.periodStart), asc(budgets.id))
        .limit(page.limit + 1)
    ).map((r) => r.budget as Budget);
  }

  async listParties(budgetId: string): Promise<BudgetParty[]> {
    return this.db
      .select()
      .from(budgetParties)
      .where(eq(budgetParties.budgetId, budgetId))
      .orderBy(asc(budgetParties.addedAt));
  }

  async partiesOf(budgetIds: readonly string[]): Promise<Map<string, BudgetParty[]>> {
    const result = new Map<string, BudgetParty[]>(budgetIds.map((id) => [id, []]));
    if (budgetIds.length === 0) return result;
    const rows = await this.db
      .select()
      .from(budgetParties)
      .where(inList(budgetParties.budgetId, budgetIds))
      .orderBy(asc(budgetParties.addedAt));
    for (const r of rows) result.get(r.budgetId)?.push(r as BudgetParty);
    return result;
  }

  async approvedSpendsOf(budgetIds: readonly string[], from: string, to: string) {
    if (budgetIds.length === 0) return [];
    return this.db
      .select()
      .from(spends)
      .where(
        and(
          inList(spends.budgetId, budgetIds),
          eq(spends.status, 'approved'),
          sql`${spends.spentOn} >= ${from} AND ${spends.spentOn} <= ${to}`,
        ),
      )
      .orderBy(desc(spends.spentOn), desc(spends.createdAt));
  }

  async recentSpendsOf(budgetIds: readonly string[], perBudget: number): Promise<Spend[]> {
    if (budgetIds.length === 0) return [];
    // A window numbers each budget's spends, latest first, so every budget gets its own `perBudget`.
    return this.db
      .select()
      .from(spends)
      .where(
        sql`${spends.id} IN (SELECT id FROM (SELECT id, row_number() OVER (
          PARTITION BY budget_id ORDER BY spent_on DESC, created_at DESC) AS n
          FROM spends WHERE budget_id IN (SELECT value FROM json_each(${JSON.stringify(budgetIds)})))
          WHERE n <= ${perBudget})`,
      )
      .orderBy(desc(spends.spentOn), desc(spends.createdAt));
  }

  async getSpend(id: string): Promise<Spend | null> {
    return (await this.db.select().from(spends).where(eq(spends.id, id)).limit(1))[0] ?? null;
  }

  async listSpends(budgetId: string, limit: number): Promise<Spend[]> {
    return this.db
      .select()
      .from(spends)
      .where(eq(spends.budgetId, budgetId))
      .orderBy(desc(spends.spentOn), desc(spends.createdAt))
      .limit(limit);
  }

  async spendsWaitingAt(budgetId: string, date: string): Promise<Spend[]> {
    return this.db
      .select()
      .from(spends)
      .where(
        and(
          eq(spends.budgetId, budgetId),
          eq(spends.needsApproval, true),
          sql`${spends.spentOn} <= ${date}`,
          or(eq(spends.status, 'pending'), sql`substr(${spends.decidedAt}, 1, 10) > ${date}`),
        ),
      )
      .orderBy(asc(spends.spentOn), asc(spends.id));
  }

  async spendingByCategory(budgetId: string, from: string, to: string) {
    // One query, summed in SQL over INTEGER pence (exact), whatever the number of spends.
    const rows = await this.db
      .select({ category: spends.category, total: sql<number>`sum(${spends.amountMinor})` })
      .from(spends)
      .where(
        and(
          eq(spends.budgetId, budgetId),
          eq(spends.status, 'approved'),
          sql`${spends.spentOn} >= ${from}`,
          sql`${spends.spentOn} <= ${to}`,
        ),
      )
      .groupBy(spends.category)
      .orderBy(asc(spends.category));
    return rows.map((r) => ({ category: r.category, amountMinor: pence(r.total) }));
  }

  budgetFigures(q: { allianceId: string; from: string; to: string }) {
    return budgetFigures(this.db, q);
  }

  async budgetMoney(budgetIds: readonly string[]): Promise<Map<string, BudgetMoney>> {
    const result = new Map<string, BudgetMoney>();
    const ids = [...new Set(budgetIds)];
    if (ids.length === 0) return result;
    const codes = ids.flatMap((id) => [`budget:${id}`, `budget:${id}:held`]);
    const rows = await this.db
      .select({
        code: accounts.code,
        reason: entries.reasonCode,
        total: sql<number>`sum(${postings.amountMinor})`,
      })
      .from(postings)
      .innerJoin(accounts, eq(accounts.id, postings.accountId))
      .innerJoin(entries, eq(entries.id, postings.entryId))
      .where(inList(accounts.code, codes))
      .groupBy(accounts.code, entries.reasonCode);
    for (const id of ids)
      result.set(id, {
        allocatedMinor: 0,
        spentMinor: 0,
        pendingMinor: 0,
        availableMinor: 0,
        inPoolsMinor: 0,
        closedOutMinor: 0,
      });
    for (const r of rows) {
      const held = r.code.endsWith(':held');
      const id = r.code.slice('budget:'.length, held ? -':held'.length : undefined);
      const m = result.get(id)!;
      const total = pence(r.total);
      // Budget and held accounts are credit-normal: money in is negative, money out positive.
      if (held) m.pendingMinor -= total;
      else m.availableMinor -= total;
      // A rollover entry credits the new budget (money in) and debits the old one (money out).
      if (r.reason === 'allocation' || (r.reason === 'rollover' && total < 0))
        m.allocatedMinor -= total;
      else if (r.reason === 'spend') m.spentMinor += total;
      else if ((r.reason === 'pool_contribution' || r.reason === 'pool_leave') && !held)
        m.inPoolsMinor += total;
      else if (r.reason === 'period_end_return' || r.reason === 'rollover')
        m.closedOutMinor += total;
    }
    return result;
  }

  async getPool(id: string): Promise<Pool | null> {
    return (await this.db.select().from(pools).where(eq(pools.id, id)).limit(1))[0] ?? null;
  }

  async listPools(allianceId: string): Promise<Pool[]> {
    return this.db
      .select()
      .from(pools)
      .where(eq(pools.allianceId, allianceId))
      .orderBy(asc(pools.createdAt));
  }

  async listPoolMembers(poolId: string): Promise<PoolMember[]> {
    return this.db
      .select()
      .from(poolMembers)
      .where(eq(poolMembers.poolId, poolId))
      .orderBy(asc(poolMembers.joinedSeq));
  }

  async poolMembersOf(poolIds: readonly string[]): Promise<PoolMember[]> {
    if (poolIds.length === 0) return [];
    return this.db
      .select()
      .from(poolMembers)
      .where(inList(poolMembers.poolId, poolIds))
      .orderBy(asc(poolMembers.joinedSeq));
  }

  async poolPurchasesOf(poolIds: readonly string[], from: string, to: string) {
    if (poolIds.length === 0) return [];
    return this.db
      .select()
      .from(poolPurchases)
      .where(
        and(
          inList(poolPurchases.poolId, poolIds),
          sql`${poolPurchases.boughtOn} >= ${from} AND ${poolPurchases.boughtOn} <= ${to}`,
        ),
      )
      .orderBy(asc(poolPurchases.boughtOn), asc(poolPurchases.createdAt));
  }

  async poolSharesOf(poolIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const result = new Map<string, Map<string, number>>(poolIds.map((id) => [id, new Map()]));
    if (poolIds.length === 0) return result;
    // A member's share account is named from the pool and the budget: join through the members.
    const rows = await this.db
      .select({
        poolId: poolMembers.poolId,
        budgetId: poolMembers.budgetId,
        balance: accounts.balanceMinor,
      })
      .from(poolMembers)
      .innerJoin(
        accounts,
        sql`${accounts.code} = 'pool:' || ${poolMembers.poolId} || ':member:' || ${poolMembers.budgetId}`,
      )
      .where(inList(poolMembers.poolId, poolIds));
    for (const r of rows) result.get(r.poolId)?.set(r.budgetId, -pence(r.balance));
    return result;
  }

  async getPools(ids: readonly string[]): Promise<Pool[]> {
    if (ids.length === 0) return [];
    return this.db.select().from(pools).where(inList(pools.id, ids));
  }

  async poolsOfBudgets(budgetIds: readonly string[]): Promise<PoolMember[]> {
    if (budgetIds.length === 0) return [];
    return this.db
      .select()
      .from(poolMembers)
      .where(inList(poolMembers.budgetId, budgetIds))
      .orderBy(asc(poolMembers.joinedSeq));
  }

  async poolsOfBudget(budgetId: string): Promise<PoolMember[]> {
    return this.db
      .select()
      .from(poolMembers)
      .where(eq(poolMembers.budgetId, budgetId))
      .orderBy(asc(poolMembers.joinedSeq));
  }

  async poolShares(poolId: string): Promise<Map<string, number>> {
    const prefix = `pool:${poolId}:member:`;
    const rows = await this.db
      .select({ code: accounts.code, balance: accounts.balanceMinor })
      .from(accounts)
      .where(sql`${accounts.code} >= ${prefix} AND ${accounts.code} < ${`${prefix}\uffff`}`);
    return new Map(rows.map((r) => [r.code.slice(prefix.length), -pence(r.balance)]));
  }

  async listPoolPurchases(poolId: string) {
    const purchases = await this.db
      .select()
      .from(poolPurchases)
      .where(eq(poolPurchases.poolId, poolId))
      .orderBy(asc(poolPurchases.boughtOn), asc(poolPurchases.createdAt));
    if (purchases.length === 0) return [];
    const prefix = `pool:${poolId}:member:`;
    const charges = await this.db
      .select({ entryId: postings.entryId, code: accounts.code, amount: postings.amountMinor })
      .from(postings)
      .innerJoin(accounts, eq(accounts.id, postings.accountId))
      .innerJoin(poolPurchases, eq(poolPurchases.entryId, postings.entryId))
      .where(and(eq(poolPurchases.poolId, poolId), sql`${accounts.code} LIKE ${`${prefix}%`}`))
      .orderBy(asc(postings.line));
    return purchases.map((p) => ({
      ...p,
      charges: charges
        .filter((c) => c.entryId === p.entryId)
        .map((c) => ({ budgetId: c.code.slice(prefix.length), amountMinor: pence(c.amount) })),
    }));
  }
}

function toStream(row: typeof streams.$inferSelect): Stream {
  return {
    ...row,
    allowedCategories: parse(row.allowedCategories),
    forbiddenCategories: parse(row.forbiddenCategories),
    extraCategories: parse(row.extraCategories),
    allowedProviders: row.allowedProviders ? parse(row.allowedProviders) : null,
    coreCategories: parse(row.coreCategories),
    coreProviders: parse(row.coreProviders),
  };
}
