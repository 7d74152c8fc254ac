import { DOMAINS } from '../sparks/model.js';

/** Individual budgets and pools: the rows the store keeps and what is derived from the ledger. */

export type PersonKind = 'holder' | 'supporter' | 'broker';

export interface Person {
  id: string;
  allianceId: string;
  reference: string;
  kind: PersonKind;
  name: string | null;
  erasedAt: string | null;
  createdAt: string;
}

export type PeriodEndRule = 'return' | 'rollover';

export interface Stream {
  id: string;
  allianceId: string;
  name: string;
  allowedCategories: string[];
  forbiddenCategories: string[];
  extraCategories: string[];
  allowedProviders: string[] | null;
  approvalLimitMinor: number;
  topSliceBasisPoints: number;
  periodEndRule: PeriodEndRule;
  /**
   * The guaranteed minimum kept in each budget for core support: spending on anything but the
   * core categories or providers (and contributions to pools) cannot take a budget below it.
   */
  reserveMinor: number;
  coreCategories: string[];
  coreProviders: string[];
  createdAt: string;
}

/** Whether a spend is core support, which may use the reserve. */
export function isCoreSpend(
  stream: Pick<Stream, 'coreCategories' | 'coreProviders'>,
  spend: { category: string; provider: string },
): boolean {
  return (
    stream.coreCategories.includes(spend.category) || stream.coreProviders.includes(spend.provider)
  );
}

/** What the reserve still protects, and what may be spent on anything, from what is available. */
export function reserveSplit(
  stream: Pick<Stream, 'reserveMinor'>,
  availableMinor: number,
): { protectedMinor: number; freeMinor: number } {
  const protectedMinor = Math.min(stream.reserveMinor, availableMinor);
  return { protectedMinor, freeMinor: availableMinor - protectedMinor };
}

/** Categories a spend may name: the recovery-capital domains plus the stream's own. */
export function streamCategories(stream: Pick<Stream, 'extraCategories'>): string[] {
  return [...DOMAINS, ...stream.extraCategories];
}

export type ControlMode = 'self' | 'joint' | 'managed';

export interface Budget {
  id: string;
  allianceId: string;
  streamId: string;
  holderId: string;
  periodStart: string;
  periodEnd: string;
  controlMode: ControlMode;
  status: 'open' | 'closed';
  closedOn: string | null;
  rolledFrom: string | null;
  createdAt: string;
}

export interface BudgetParty {
  budgetId: string;
  personId: string;
  role: 'co_holder' | 'broker';
  addedAt: string;
  removedAt: string | null;
  removedReason: string | null;
}

export type SpendStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

export interface Spend {
  id: string;
  budgetId: string;
  allianceId: string;
  provider: string;
  category: string;
  amountMinor: number;
  spentOn: string;
  description: string;
  status: SpendStatus;
  needsApproval: boolean;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
}

export interface Pool {
  id: string;
  allianceId: string;
  name: string;
  coordinatorPersonId: string;
  splitRule: 'pro_rata' | 'equal';
  createdAt: string;
}

export interface PoolMember {
  poolId: string;
  budgetId: string;
  joinedSeq: number;
  joinedAt: string;
  leftAt: string | null;
}

export interface PoolPurchase {
  id: string;
  poolId: string;
  provider: string;
  category: string;
  amountMinor: number;
  boughtOn: string;
  description: string;
  entryId: string;
  createdAt: string;
}

/** A budget's money as the ledger tells it, in pence, each figure ≥ 0. */
export interface BudgetMoney {
  allocatedMinor: number;
  spentMinor: number;
  pendingMinor: number;
  availableMinor: number;
  inPoolsMinor: number;
  closedOutMinor: number;
}

export const budgetAccount = (budgetId: string) => `budget:${budgetId}`;
export const heldAccount = (budgetId: string) => `budget:${budgetId}:held`;
export const streamAccount = (streamId: string) => `stream:${streamId}`;
export const poolShareAccount = (poolId: string, budgetId: string) =>
  `pool:${poolId}:member:${budgetId}`;
export const brokerageAccount = (allianceId: string) => `alliance:${allianceId}:income:brokerage`;
