import type { ServiceContext } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { createOnce, runIdempotent, type Once, type Outcome } from '../idempotency.js';
import { commitEntry } from '../ledger/ledger.js';
import { ALLIANCE_ID_PATTERN } from '../ledger/model.js';
import { isTimeZone } from '../dates.js';
import { formatMinor } from '../money.js';
import { requireRole } from '../policy.js';
import type { Write } from '../store.js';
import {
  COORDINATORS,
  SPARKS_READERS,
  ownAlliance,
  requireDate,
  todayOf,
  type SparksDeps,
} from './common.js';
import {
  DEFAULT_SETTINGS,
  allianceAccounts,
  type Alliance,
  type AllianceSettings,
  type Receipt,
} from './model.js';

export function allianceView(a: Alliance) {
  return {
    id: a.id,
    name: a.name,
    grantCeiling: formatMinor(a.grantCeilingMinor),
    grantFloor: formatMinor(a.grantFloorMinor),
    followUpDays: a.followUpDays,
    quorum: a.quorum,
    livedExperienceMajority: a.livedExperienceMajority,
    allowAwardWhenOverdue: a.allowAwardWhenOverdue,
    timeZone: a.timeZone,
    bankName: a.bankName,
    bankAccountEnding: a.bankAccountEnding,
    contactLine: a.contactLine,
    retentionYears: a.retentionYears,
    accounts: allianceAccounts(a.id),
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function checkSettings(s: AllianceSettings): void {
  const fields = [];
  if (s.grantFloorMinor <= 0)
    fields.push({ path: 'grantFloor', message: 'must be more than 0.00' });
  if (s.grantCeilingMinor < s.grantFloorMinor)
    fields.push({ path: 'grantCeiling', message: 'must not be below the floor' });
  if (s.grantCeilingMinor > 10_000_000)
    fields.push({ path: 'grantCeiling', message: 'must not exceed 100000.00' });
  if (s.followUpDays < 1 || s.followUpDays > 365)
    fields.push({ path: 'followUpDays', message: 'must be 1 to 365 days' });
  if (s.quorum < 1 || s.quorum > 20) fields.push({ path: 'quorum', message: 'must be 1 to 20' });
  if (!Number.isInteger(s.retentionYears) || s.retentionYears < 1 || s.retentionYears > 50)
    fields.push({ path: 'retentionYears', message: 'must be 1 to 50 years' });
  if (!isTimeZone(s.timeZone))
    fields.push({ path: 'timeZone', message: 'not a time zone (e.g. Europe/London)' });
  if (s.bankAccountEnding !== null && !/^[0-9]{2,4}$/.test(s.bankAccountEnding))
    fields.push({
      path: 'bankAccountEnding',
      message: 'the last 2 to 4 digits of the account number only',
    });
  if (fields.length)
    throw invalid(
      'invalid_settings',
      fields.map((f) => `${f.path} ${f.message}`).join('; '),
      fields,
    );
}

/**
 * Sets up the alliance a coordinator's token is for, with its settings, and opens its accounts:
 * the bank and the Small Sparks fund, neither of which may go below zero.
 */
export async function createAlliance(
  deps: SparksDeps,
  ctx: ServiceContext,
  input: { id: string; name: string } & Partial<AllianceSettings>,
  once?: Once,
) {
  requireRole(ctx.actor, COORDINATORS, 'set up an alliance');
  if (!ALLIANCE_ID_PATTERN.test(input.id))
    throw invalid('invalid_alliance', 'Alliance ids are lowercase letters, digits and "-".', [
      { path: 'id', message: 'not a valid id' },
    ]);
  if (input.id !== ctx.actor.allianceId)
    throw forbidden(
      `Your token is for alliance ${ctx.actor.allianceId}; it cannot set up ${input.id}.`,
    );
  return createOnce<ReturnType<typeof allianceView>>(
    deps,
    ctx,
    once,
    { operation: 'create_alliance', input },
    async (remember) => {
      if (await deps.sparks.getAlliance(input.id))
        throw conflict(
          'alliance_exists',
          'Alliance already set up',
          `Alliance ${input.id} already exists; change its settings with PATCH.`,
        );
      return openAlliance(deps, ctx, input, remember);
    },
  );
}

async function openAlliance(
  deps: SparksDeps,
  ctx: ServiceContext,
  input: { id: string; name: string } & Partial<AllianceSettings>,
  remember: (body: ReturnType<typeof allianceView>) => Write[],
) {
  const now = ctx.now.toISOString();
  const alliance: Alliance = {
    ...DEFAULT_SETTINGS,
    ...definedOnly(input),
    id: input.id,
    name: input.name,
    createdAt: now,
    updatedAt: now,
  };
  checkSettings(alliance);
  const accounts = allianceAccounts(alliance.id);
  await deps.store.commit(() => [
    { kind: 'alliance_create', alliance },
    {
      kind: 'open_account',
      account: {
        code: accounts.bank,
        type: 'asset',
        allowNegative: false,
        allianceId: alliance.id,
        name: `${alliance.name} bank`,
        createdAt: now,
      },
    },
    {
      kind: 'open_account',
      account: {
        code: accounts.fund,
        type: 'fund',
        allowNegative: false,
        allianceId: alliance.id,
        name: `${alliance.name} Small Sparks fund`,
        createdAt: now,
      },
    },
    ...remember(allianceView(alliance)),
  ]);
  return allianceView(alliance);
}

function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function updateAlliance(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  patch: Partial<AllianceSettings> & { name?: string | undefined },
) {
  const current = await ownAlliance(
    deps,
    ctx,
    allianceId,
    COORDINATORS,
    'change alliance settings',
  );
  const next: Alliance = { ...current, ...definedOnly(patch), updatedAt: ctx.now.toISOString() };
  checkSettings(next);
  await deps.store.commit(() => [{ kind: 'alliance_update', alliance: next }]);
  return allianceView(next);
}

export async function getAlliance(deps: SparksDeps, ctx: ServiceContext, allianceId: string) {
  return allianceView(
    await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read the alliance'),
  );
}

export interface ReceiptInput {
  funder: string;
  amountMinor: number;
  receivedOn: string;
  reference?: string | null | undefined;
  restricted: boolean;
}

export function receiptView(r: Receipt) {
  return {
    id: r.id,
    funder: r.funder,
    amount: formatMinor(r.amountMinor),
    receivedOn: r.receivedOn,
    reference: r.reference,
    restricted: r.restricted,
    entryId: r.entryId,
  };
}

/** Money in: the bank and the fund both grow, in one entry linked to the receipt. */
export async function recordReceipt(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: ReceiptInput,
  key: string | null | undefined,
) {
  const alliance = await ownAlliance(
    deps,
    ctx,
    allianceId,
    COORDINATORS,
    'record funding receipts',
  );
  requireDate(input.receivedOn, 'receivedOn', todayOf(alliance, ctx));
  if (input.amountMinor <= 0)
    throw invalid('invalid_amount', 'A receipt is a positive amount.', [
      { path: 'amount', message: 'must be more than 0.00' },
    ]);
  return runIdempotent(
    deps,
    ctx,
    { key, operation: `receipt:${allianceId}`, input },
    async (remember) => {
      const accounts = allianceAccounts(alliance.id);
      const id = deps.ids('rcp');
      let outcome: Outcome | null = null;
      await commitEntry(
        deps,
        ctx,
        {
          allianceId: alliance.id,
          effectiveDate: input.receivedOn,
          description: `Funding received from ${input.funder}`,
          reasonCode: 'funding_receipt',
          reversesEntryId: null,
          postings: [
            { accountCode: accounts.bank, amountMinor: input.amountMinor },
            { accountCode: accounts.fund, amountMinor: -input.amountMinor },
          ],
        },
        (entry): Write[] => {
          const receipt: Receipt = {
            id,
            allianceId: alliance.id,
            funder: input.funder,
            amountMinor: input.amountMinor,
            receivedOn: input.receivedOn,
            reference: input.reference ?? null,
            restricted: input.restricted,
            entryId: entry.id,
            createdAt: ctx.now.toISOString(),
          };
          outcome = { status: 201, body: receiptView(receipt) };
          return [{ kind: 'receipt', receipt }, remember(outcome)];
        },
      );
      return outcome!;
    },
  );
}

/** One receipt of the alliance (the page that confirms it was recorded reads only that one). */
export async function getReceipt(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  receiptId: string,
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read receipts');
  const receipt = await deps.sparks.getReceipt(receiptId);
  if (receipt?.allianceId !== allianceId)
    throw notFound('receipt_not_found', 'No receipt like that in this alliance.');
  return receiptView(receipt);
}

/**
 * The fund as the ledger tells it. Every figure is a sum of postings on the fund account or the
 * award accounts, grouped by the business event that made them; `available` is the fund's
 * balance and `committed` the award accounts' balance, so the summary ties to the trial balance.
 */
export async function fundSummary(deps: SparksDeps, ctx: ServiceContext, allianceId: string) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'read the fund');
  const flows = await deps.sparks.fundFlows(allianceId);
  const f = (reason: string) => flows.fund[reason] ?? 0;
  const received = -f('funding_receipt');
  const awarded = f('award');
  const cancelled = -f('award_cancellation');
  const returned = -f('grant_return');
  const known = new Set(['funding_receipt', 'award', 'award_cancellation', 'grant_return']);
  const adjustments = -Object.entries(flows.fund)
    .filter(([reason]) => !known.has(reason))
    .reduce((a, [, v]) => a + v, 0);
  const paid = flows.awards['disbursement'] ?? 0;
  return {
    allianceId,
    received: formatMinor(received),
    receivedRestricted: formatMinor(flows.restrictedReceivedMinor),
    awarded: formatMinor(awarded),
    paid: formatMinor(paid),
    committed: formatMinor(-flows.awardsBalanceMinor),
    cancelled: formatMinor(cancelled),
    returned: formatMinor(returned),
    adjustments: formatMinor(adjustments),
    available: formatMinor(-flows.fundBalanceMinor),
  };
}
