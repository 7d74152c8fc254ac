import { pageOf, type Page } from '../paging.js';
import type { AwardFilter } from './store.js';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { amountMinor, IsoDate, parseInput, PositiveAmount, Text } from '../input.js';
import { conflict, invalid } from '../errors.js';
import { inAlliance } from '../policy.js';
import { runIdempotent, type Outcome } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { formatMinor } from '../money.js';
import { redact } from '../redaction.js';
import type { Write } from '../store.js';
import {
  COORDINATORS,
  SPARKS_READERS,
  explainSparks,
  ownAlliance,
  requireDate,
  todayOf,
  sparksProblem,
  type SparksDeps,
} from './common.js';
import {
  allianceAccounts,
  awardAccount,
  DISBURSEMENT_METHODS,
  type Award,
  type DisbursementMethod,
} from './model.js';
import { awardView } from './views.js';

export const requireAward = async (
  deps: SparksDeps,
  allianceId: string,
  id: string,
): Promise<Award> =>
  inAlliance(await deps.sparks.getAward(id), allianceId, 'award_not_found', `award ${id}`);

export async function getAward(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  id: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read awards');
  const award = await requireAward(deps, allianceId, id);
  const [money, followUp, disbursements, returns] = await Promise.all([
    deps.sparks.awardMoney([id]),
    deps.sparks.getFollowUp(id),
    deps.sparks.listDisbursements(id),
    deps.sparks.listReturns(id),
  ]);
  return {
    ...awardView(award, money.get(id)!, followUp, ctx),
    disbursements: disbursements.map((d) =>
      redact(
        ctx.actor,
        {
          id: d.id,
          method: d.method,
          supplier: d.supplier,
          reference: d.reference,
          amount: formatMinor(d.amountMinor),
          paidOn: d.paidOn,
          entryId: d.entryId,
        },
        { supplier: 'supplier', reference: 'paymentReference' },
      ),
    ),
    returns: returns.map((r) => ({
      id: r.id,
      amount: formatMinor(r.amountMinor),
      returnedOn: r.returnedOn,
      entryId: r.entryId,
    })),
  };
}

/** Awards in awarded-date order with their money: a keyset page when `paged` is given. */
export async function listAwards(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  paged?: { filter: AwardFilter; page: Page },
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list awards');
  const { items: awards, next } = paged
    ? pageOf(
        await deps.sparks.pageAwards(allianceId, paged.filter, paged.page),
        paged.page.limit,
        (a) => a.awardedOn,
      )
    : { items: await deps.sparks.listAwards(allianceId), next: null };
  const ids = awards.map((a) => a.id);
  const [money, followUps] = await Promise.all([
    deps.sparks.awardMoney(ids),
    deps.sparks.followUpsOf(ids),
  ]);
  const byAward = new Map(followUps.map((f) => [f.awardId, f]));
  return {
    items: awards.map((a) => awardView(a, money.get(a.id)!, byAward.get(a.id) ?? null, ctx)),
    next,
  };
}

/** The longest supplier and reference a payment keeps. */
export const PAYMENT_LIMITS = { supplierChars: 120, referenceChars: 100 } as const;

/** What paying takes: how, how much and when; the supplier for a purchase on their behalf. */
export const DisburseInput = z
  .object({
    method: z.enum(
      DISBURSEMENT_METHODS as unknown as [DisbursementMethod, ...DisbursementMethod[]],
    ),
    amount: PositiveAmount,
    paidOn: IsoDate,
    supplier: Text(PAYMENT_LIMITS.supplierChars).optional(),
    reference: Text(PAYMENT_LIMITS.referenceChars).optional(),
  })
  .strict();
export type DisburseInput = z.input<typeof DisburseInput>;

/** The payment, checked, with its pence after the body: what a replay has always fingerprinted. */
function paymentOf(raw: DisburseInput) {
  const parsed = parseInput(DisburseInput, raw);
  return { ...parsed, amountMinor: amountMinor(parsed.amount) };
}

/** Pays (part of) an award. The award account may not go past zero, so payments never exceed the award. */
export async function disburse(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  awardId: string,
  raw: DisburseInput,
  key: string | null | undefined,
) {
  const input = paymentOf(raw);
  const alliance = await ownAlliance(deps, ctx, allianceId, COORDINATORS, 'pay awards');
  requireDate(input.paidOn, 'paidOn', todayOf(alliance, ctx));
  if (input.method === 'supplier_purchase' && !input.supplier)
    throw invalid('supplier_required', 'A purchase on the person’s behalf names the supplier.', [
      { path: 'supplier', message: 'required for supplier_purchase' },
    ]);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `disburse:${awardId}`, input },
    async (remember) => {
      const award = await requireAward(deps, allianceId, awardId);
      if (award.cancelledOn) throw sparksProblem('award_cancelled');
      if (input.paidOn < award.awardedOn)
        throw invalid('invalid_date', 'A payment cannot precede its award.', [
          { path: 'paidOn', message: 'before the award' },
        ]);
      const money = (await deps.sparks.awardMoney([awardId])).get(awardId)!;
      if (input.amountMinor > money.outstandingMinor) {
        throw conflict(
          'exceeds_award',
          'More than is left on the award',
          `Award ${awardId} has ${formatMinor(money.outstandingMinor)} left to pay; ${formatMinor(input.amountMinor)} is more. Nothing was written.`,
          { outstanding: formatMinor(money.outstandingMinor) },
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
            effectiveDate: input.paidOn,
            description: `Small Sparks payment on ${awardId} (${input.method.replace('_', ' ')})`,
            reasonCode: 'disbursement',
            reversesEntryId: null,
            postings: [
              { accountCode: awardAccount(awardId), amountMinor: input.amountMinor },
              { accountCode: accounts.bank, amountMinor: -input.amountMinor },
            ],
          },
          (entry): Write[] => {
            const disbursement = {
              id: deps.ids('dsb'),
              awardId,
              allianceId,
              method: input.method,
              supplier: input.supplier ?? null,
              reference: input.reference ?? null,
              amountMinor: input.amountMinor,
              paidOn: input.paidOn,
              entryId: entry.id,
              recordedBy: ctx.actor.tokenId,
              createdAt: ctx.now.toISOString(),
            };
            outcome = {
              status: 201,
              body: {
                id: disbursement.id,
                awardId,
                method: disbursement.method,
                supplier: disbursement.supplier,
                reference: disbursement.reference,
                amount: formatMinor(disbursement.amountMinor),
                paidOn: disbursement.paidOn,
                entryId: entry.id,
              },
            };
            return [{ kind: 'disbursement', disbursement }, remember(outcome)];
          },
        );
      } catch (error) {
        if (isBalanceRule(error))
          throw conflict(
            'exceeds_award',
            'More than is left on the award',
            `Award ${awardId} does not have ${formatMinor(input.amountMinor)} left to pay. Nothing was written.`,
          );
        throw explainSparks(error);
      }
      return outcome!;
    },
  );
}

export function isBalanceRule(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'balance_rule_violated';
}
