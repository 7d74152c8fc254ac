import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { conflict } from '../errors.js';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import { runIdempotent, type Outcome } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import type { Write } from '../store.js';
import {
  COORDINATORS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import { allianceAccounts, awardAccount } from './model.js';
import { requireAward, isBalanceRule } from './awards.js';

/** The longest reason a cancellation keeps. */
export const CANCEL_REASON_CHARS = 500;

/** What cancelling takes: why, and the day (today when left out). */
export const CancelAwardInput = z
  .object({ reason: Text(CANCEL_REASON_CHARS), cancelledOn: IsoDate.optional() })
  .strict();
export type CancelAwardInput = z.input<typeof CancelAwardInput>;

/** Cancels an award: what is still unpaid goes back to the fund, in one entry. */
export async function cancelAward(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: CancelAwardInput,
  key: string | null | undefined,
) {
  const input = parseInput(CancelAwardInput, raw);
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'cancel awards');
  const today = todayOf(alliance, ctx);
  const cancelledOn = requireDate(input.cancelledOn ?? today, 'cancelledOn', today);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `cancel:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      if (award.cancelledOn) throw sparksProblem('already_cancelled');
      const [money, followUp] = [
        (await deps.sparks.awardMoney([awardId])).get(awardId)!,
        await deps.sparks.getFollowUp(awardId),
      ];
      if (money.outstandingMinor === 0)
        throw conflict(
          'award_fully_paid',
          'Nothing left to cancel',
          `Award ${awardId} has been paid in full; record money handed back as a return instead. Nothing was written.`,
        );
      const accounts = allianceAccounts(alliance.id);
      const now = ctx.now.toISOString();
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId,
            effectiveDate: cancelledOn,
            description: `Small Sparks award ${awardId} cancelled; unpaid remainder back to the fund`,
            reasonCode: 'award_cancellation',
            reversesEntryId: null,
            postings: [
              { accountCode: awardAccount(awardId), amountMinor: money.outstandingMinor },
              { accountCode: accounts.fund, amountMinor: -money.outstandingMinor },
            ],
          },
          (): Write[] => {
            const writes: Write[] = [
              { kind: 'award_cancel', awardId, cancelledOn, reason: input.reason },
            ];
            // Nothing was paid, so there is nothing to come back and tell: the follow-up is waived.
            if (money.paidMinor === 0 && followUp?.status === 'due') {
              writes.push({
                kind: 'follow_up_close',
                followUp: {
                  ...followUp,
                  status: 'waived',
                  waivedReason: 'Award cancelled before any payment',
                  recordedBy: ctx.actor.tokenId,
                  updatedAt: now,
                },
              });
            }
            outcome = {
              status: 201,
              body: { awardId, cancelledOn, returnedToFund: formatMinor(money.outstandingMinor) },
            };
            writes.push(remember(outcome));
            return writes;
          },
        );
      } catch (error) {
        if (isBalanceRule(error))
          throw conflict(
            'award_changed',
            'The award changed',
            'A payment was recorded on this award meanwhile; try again. Nothing was written.',
          );
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}

/** What recording money handed back takes: how much, and when. */
export const RecordReturnInput = z.object({ amount: PositiveAmount, returnedOn: IsoDate }).strict();
export type RecordReturnInput = z.input<typeof RecordReturnInput>;

/**
 * Money the person hands back goes back into the fund; never more than they were paid. A
 * replay's fingerprint is of the pence and the date, as it always was (not the typed amount).
 */
export async function recordReturn(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: RecordReturnInput,
  key: string | null | undefined,
) {
  const parsed = parseInput(RecordReturnInput, raw);
  const input = { amountMinor: amountMinor(parsed.amount), returnedOn: parsed.returnedOn };
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'record returns');
  requireDate(input.returnedOn, 'returnedOn', todayOf(alliance, ctx));
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `return:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      const money = (await deps.sparks.awardMoney([awardId])).get(awardId)!;
      if (input.amountMinor > money.paidMinor - money.returnedMinor) {
        throw sparksProblem(
          'return_exceeds_paid',
          `Award ${awardId} has had ${formatMinor(money.paidMinor)} paid and ${formatMinor(money.returnedMinor)} returned; at most ${formatMinor(money.paidMinor - money.returnedMinor)} can come back.`,
        );
      }
      const accounts = allianceAccounts(alliance.id);
      let outcome: Outcome | null = null;
      try {
        await commitEntry(
          deps,
          ctx,
          {
            allianceId,
            effectiveDate: input.returnedOn,
            description: `Money handed back on Small Sparks award ${award.id}`,
            reasonCode: 'grant_return',
            reversesEntryId: null,
            postings: [
              { accountCode: accounts.bank, amountMinor: input.amountMinor },
              { accountCode: accounts.fund, amountMinor: -input.amountMinor },
            ],
          },
          (entry): Write[] => {
            const grantReturn = {
              id: deps.ids('ret'),
              awardId,
              allianceId,
              amountMinor: input.amountMinor,
              returnedOn: input.returnedOn,
              entryId: entry.id,
              recordedBy: ctx.actor.tokenId,
              createdAt: ctx.now.toISOString(),
            };
            outcome = {
              status: 201,
              body: {
                id: grantReturn.id,
                awardId,
                amount: formatMinor(grantReturn.amountMinor),
                returnedOn: grantReturn.returnedOn,
                entryId: entry.id,
              },
            };
            return [{ kind: 'grant_return', grantReturn }, remember(outcome)];
          },
        );
      } catch (error) {
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}
