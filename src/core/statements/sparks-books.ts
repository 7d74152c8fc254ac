import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { sumMinor } from '../money.js';
import { allianceAccounts } from '../sparks/model.js';
import {
  SPARKS_STATEMENT_READERS,
  generatedOn,
  requireOwnAlliance,
  requireStatementRole,
  sealFor,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';
import { earlier, type Period, type Seal, type Standing } from './model.js';
import type { AwardFacts, SparksMovement } from './store.js';

/**
 * The Small Sparks books of one alliance up to the end of a period, read from the ledger: every
 * posting on the fund account and on the award accounts, each placed by the business event of
 * its entry. Both Small Sparks statements are folds over this, so their figures agree with each
 * other and with the trial balance by construction.
 *
 * Nothing here holds a name, a purpose, a note or what a person said: awards appear by id and
 * the applicant by their pseudonymous reference.
 */
export interface SparksBooks {
  allianceId: string;
  organisation: string;
  period: Period;
  standing: Standing;
  /** The chain head every read of these books was bounded by. */
  headSeq: number;
  /** Who to contact if something looks wrong, when the alliance has said. */
  contact: string | null;
  /** The date follow-up states are judged at: the period's end, or today while it is still running. */
  statusDate: string;
  generatedOn: string;
  seal: Seal;
  /** Normal-side movements of the fund (credit-normal): positive adds to what the fund holds. */
  movements: Classified[];
  awards: Map<string, AwardFacts>;
}

export type Event = 'receipt' | 'award' | 'payment' | 'cancellation' | 'return' | 'adjustment';

export interface Classified {
  /** 'fund' for the Small Sparks fund account, else the award id of an award account. */
  account: 'fund' | { awardId: string };
  accountCode: string;
  event: Event;
  effectiveDate: string;
  inPeriod: boolean;
  seq: number;
  /** Seen from the account's normal side (both are credit-normal): positive adds to it. */
  normalMinor: number;
  reasonCode: string;
  receipt: SparksMovement['receipt'];
  disbursement: SparksMovement['disbursement'];
  grantReturn: SparksMovement['grantReturn'];
}

const EVENTS: Record<string, Event> = {
  funding_receipt: 'receipt',
  award: 'award',
  disbursement: 'payment',
  award_cancellation: 'cancellation',
  grant_return: 'return',
};

/** Everything a Small Sparks statement says besides its movements. */
export type SparksBooksHead = Omit<SparksBooks, 'movements' | 'awards'>;

/**
 * The head of the books: who may read them (scope before role), the period, its standing, the
 * seal and the chain head every later read is bounded by. Reads no movement: a statement that
 * streams its rows (the grant register) starts from this.
 */
export async function sparksBooksHead(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
  what: string,
): Promise<SparksBooksHead> {
  requireOwnAlliance(ctx, allianceId); // scope before role: elsewhere is 404 for everyone
  requireStatementRole(ctx, SPARKS_STATEMENT_READERS, what);
  const { today, period, standing } = await statementDates(deps, ctx, allianceId, query);
  const headSeq = await snapshotHead(deps);
  const [alliance, seal] = await Promise.all([
    deps.sparks.getAlliance(allianceId),
    sealFor(deps, { allianceId, from: period.from, to: period.to, headSeq }),
  ]);
  if (!alliance)
    throw notFound(
      'alliance_not_found',
      `Alliance ${allianceId} has not set up Small Sparks yet: a coordinator does that with POST /v1/alliances.`,
    );
  return {
    allianceId,
    organisation: alliance.name,
    period,
    standing,
    headSeq,
    contact: alliance.contactLine,
    statusDate: earlier(period.to, today),
    generatedOn: generatedOn(ctx),
    seal,
  };
}

export async function readSparksBooks(
  deps: StatementsDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { from: string | null; to: string | null },
  what: string,
): Promise<SparksBooks> {
  const head = await sparksBooksHead(deps, ctx, allianceId, query, what);
  const { period, headSeq } = head;
  const fundCode = allianceAccounts(allianceId).fund;
  const rows = await deps.statements.sparksMovements({
    allianceId,
    fundCode,
    from: null,
    to: period.to,
    headSeq,
  });
  const movements = rows.map((row): Classified => {
    const awardId = row.accountCode === fundCode ? null : row.accountCode.slice('award:'.length);
    return {
      account: awardId === null ? 'fund' : { awardId },
      accountCode: row.accountCode,
      event: EVENTS[row.reasonCode] ?? 'adjustment',
      effectiveDate: row.effectiveDate,
      inPeriod: row.effectiveDate >= period.from,
      seq: row.seq,
      normalMinor: -row.amountMinor,
      reasonCode: row.reasonCode,
      receipt: row.receipt,
      disbursement: row.disbursement,
      grantReturn: row.grantReturn,
    };
  });
  const awardIds = new Set<string>();
  for (const m of movements) {
    if (m.account !== 'fund') awardIds.add(m.account.awardId);
    if (m.grantReturn) awardIds.add(m.grantReturn.awardId);
  }
  const facts = await deps.statements.awardFacts([...awardIds].sort());
  return { ...head, movements, awards: new Map(facts.map((a) => [a.id, a])) };
}

/** Sum of the normal-side amounts of the movements that pass `keep`. */
export function total(movements: readonly Classified[], keep: (m: Classified) => boolean): number {
  return sumMinor(movements.filter(keep).map((m) => m.normalMinor));
}

export const onFund = (m: Classified): boolean => m.account === 'fund';
export const onAwards = (m: Classified): boolean => m.account !== 'fund';
export const awardIdOf = (m: Classified): string | null =>
  m.account === 'fund' ? (m.grantReturn?.awardId ?? null) : m.account.awardId;

/** Where each award stands at the end of the period, from its award account and returns. */
export interface AwardPosition {
  awardId: string;
  awardedMinor: number;
  paidMinor: number;
  cancelledMinor: number;
  returnedMinor: number;
  outstandingMinor: number;
}

export function awardPositions(books: SparksBooks): Map<string, AwardPosition> {
  const positions = new Map<string, AwardPosition>();
  const position = (awardId: string) => {
    const known = positions.get(awardId);
    if (known) return known;
    const p: AwardPosition = {
      awardId,
      awardedMinor: 0,
      paidMinor: 0,
      cancelledMinor: 0,
      returnedMinor: 0,
      outstandingMinor: 0,
    };
    positions.set(awardId, p);
    return p;
  };
  for (const m of books.movements) {
    if (m.account !== 'fund') {
      const p = position(m.account.awardId);
      p.outstandingMinor = sumMinor([p.outstandingMinor, m.normalMinor]);
      if (m.event === 'award') p.awardedMinor = sumMinor([p.awardedMinor, m.normalMinor]);
      if (m.event === 'payment') p.paidMinor = sumMinor([p.paidMinor, -m.normalMinor]);
      if (m.event === 'cancellation')
        p.cancelledMinor = sumMinor([p.cancelledMinor, -m.normalMinor]);
    } else if (m.event === 'return' && m.grantReturn) {
      const p = position(m.grantReturn.awardId);
      p.returnedMinor = sumMinor([p.returnedMinor, m.normalMinor]);
    }
  }
  return positions;
}

export type FollowUpState = 'due' | 'overdue' | 'heard' | 'waived' | 'none';

/**
 * A follow-up's state on a date, from what is recorded: heard on the day the person came back,
 * waived on the day it was waived, overdue once its due date has passed. A follow-up heard after
 * the date still shows as due (or overdue) on it.
 */
export function followUpStateOn(award: AwardFacts | undefined, date: string): FollowUpState {
  const f = award?.followUp;
  if (!f) return 'none';
  if (f.status === 'heard' && f.heardOn !== null && f.heardOn <= date) return 'heard';
  if (f.status === 'waived' && f.closedOn !== null && f.closedOn <= date) return 'waived';
  return f.dueOn < date ? 'overdue' : 'due';
}

/** Awards made in the period, in the order they were made. */
export function awardsMade(books: SparksBooks): Classified[] {
  return books.movements.filter((m) => m.inPeriod && onAwards(m) && m.event === 'award');
}
