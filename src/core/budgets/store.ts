import type {
  Budget,
  BudgetMoney,
  BudgetParty,
  Person,
  Pool,
  PoolMember,
  PoolPurchase,
  Spend,
  Stream,
} from './model.js';
import type { Page } from '../paging.js';
import type { BudgetFigures } from '../reports/figures.js';

/** What the people list is filtered by: what they are, and the start of their IB- reference. */
export interface PersonFilter {
  kind?: Person['kind'];
  reference?: string;
}

/** What people filter the budgets list by: open or closed, the period, the holder's reference. */
export interface BudgetFilter {
  status?: Budget['status'];
  /** Budgets whose period ends on or after this date. */
  from?: string;
  /** Budgets whose period starts on or before this date. */
  to?: string;
  /** The start of the holder's IB- reference. */
  reference?: string;
  /** Only the budgets this person holds or is named on (and not removed from). */
  personId?: string;
}

/** What budgets and pools read. Writes go through `Store.commit` as `BudgetWrite`s. */
export interface BudgetsStore {
  getPerson(id: string): Promise<Person | null>;
  /** The alliance's person with exactly this reference (a unique index), or null. */
  personByReference(allianceId: string, reference: string): Promise<Person | null>;
  listPeople(allianceId: string): Promise<Person[]>;
  /** The people named, in one read (any alliance: the caller checks). */
  getPeople(ids: readonly string[]): Promise<Person[]>;
  /** A page of the alliance's people in reference order (`limit + 1` rows). */
  pagePeople(allianceId: string, q: PersonFilter, page: Page): Promise<Person[]>;
  getStream(id: string): Promise<Stream | null>;
  /** The streams named, in one read (any alliance: the caller checks). */
  getStreams(ids: readonly string[]): Promise<Stream[]>;
  listStreams(allianceId: string): Promise<Stream[]>;
  /** A page of streams in name order, by the start of the name (`limit + 1` rows). */
  pageStreams(allianceId: string, q: { name?: string }, page: Page): Promise<Stream[]>;
  /** A page of pools in name order, by the start of the name (`limit + 1` rows). */
  pagePools(allianceId: string, q: { name?: string }, page: Page): Promise<Pool[]>;
  getBudget(id: string): Promise<Budget | null>;
  listBudgets(query: { allianceId: string; personId?: string | undefined }): Promise<Budget[]>;
  /** A page of the alliance's budgets in period-start order (`limit + 1` rows). */
  pageBudgets(allianceId: string, q: BudgetFilter, page: Page): Promise<Budget[]>;
  listParties(budgetId: string): Promise<BudgetParty[]>;
  /** The parties of each budget named, in one read: for lists, which must not read per row. */
  partiesOf(budgetIds: readonly string[]): Promise<Map<string, BudgetParty[]>>;
  /** The approved spends of the budgets named, made in the period, in one read. */
  approvedSpendsOf(budgetIds: readonly string[], from: string, to: string): Promise<Spend[]>;
  /** The latest `perBudget` spends of each budget named, latest first, in one read. */
  recentSpendsOf(budgetIds: readonly string[], perBudget: number): Promise<Spend[]>;
  getSpend(id: string): Promise<Spend | null>;
  listSpends(budgetId: string, limit: number): Promise<Spend[]>;
  /**
   * The spends of a budget that were waiting for approval at the end of `date`: asked for by then
   * and not decided by then (decisions carry the time they were made, which never changes), oldest
   * first.
   */
  spendsWaitingAt(budgetId: string, date: string): Promise<Spend[]>;
  budgetMoney(budgetIds: readonly string[]): Promise<Map<string, BudgetMoney>>;
  /** The commissioners' report's budget figures for a period, counted and summed in SQL. */
  budgetFigures(q: { allianceId: string; from: string; to: string }): Promise<BudgetFigures>;
  /** What a budget's approved spends came to per category between two dates (inclusive), in pence. */
  spendingByCategory(
    budgetId: string,
    from: string,
    to: string,
  ): Promise<{ category: string; amountMinor: number }[]>;
  getPool(id: string): Promise<Pool | null>;
  listPools(allianceId: string): Promise<Pool[]>;
  listPoolMembers(poolId: string): Promise<PoolMember[]>;
  /** The members, past and present, of each pool named, in one read. */
  poolMembersOf(poolIds: readonly string[]): Promise<PoolMember[]>;
  /** The purchases of the pools named, bought in the period, in one read (no charges). */
  poolPurchasesOf(poolIds: readonly string[], from: string, to: string): Promise<PoolPurchase[]>;
  /** Each pool's members' shares, in pence, keyed by pool id then budget id, in one read. */
  poolSharesOf(poolIds: readonly string[]): Promise<Map<string, Map<string, number>>>;
  getPools(ids: readonly string[]): Promise<Pool[]>;
  /** The pool memberships, past and present, of the budgets named, in one read. */
  poolsOfBudgets(budgetIds: readonly string[]): Promise<PoolMember[]>;
  /** The pools a budget is (or was) in. */
  poolsOfBudget(budgetId: string): Promise<PoolMember[]>;
  /** Each member's share of the pool, in pence (≥ 0), keyed by budget id. */
  poolShares(poolId: string): Promise<Map<string, number>>;
  listPoolPurchases(
    poolId: string,
  ): Promise<(PoolPurchase & { charges: { budgetId: string; amountMinor: number }[] })[]>;
}

export type BudgetWrite =
  | { kind: 'person'; person: Person }
  | { kind: 'stream'; stream: Stream }
  | { kind: 'budget'; budget: Budget }
  | { kind: 'budget_party'; party: BudgetParty }
  | {
      kind: 'budget_party_removed';
      budgetId: string;
      personId: string;
      removedAt: string;
      reason: string;
    }
  | { kind: 'budget_close'; budgetId: string; closedOn: string }
  | { kind: 'spend'; spend: Spend }
  | {
      kind: 'spend_decided';
      spendId: string;
      status: Exclude<Spend['status'], 'pending'>;
      decidedBy: string;
      decidedAt: string;
      reason: string | null;
    }
  | { kind: 'pool'; pool: Pool }
  | { kind: 'pool_member'; member: PoolMember }
  | { kind: 'pool_member_left'; poolId: string; budgetId: string; leftAt: string }
  | { kind: 'pool_purchase'; purchase: PoolPurchase }
  /** Money leaving a budget other than by a spend (a pool contribution), held to the reserve. */
  | {
      kind: 'reserve_draw';
      entryId: string;
      budgetId: string;
      amountMinor: number;
      reason: string;
      createdAt: string;
    };
