import { jobName, type AccessLogRow } from '../access-log.js';
import type { ServiceContext } from '../context.js';
import type { BudgetsStore } from '../budgets/store.js';
import { notFound } from '../errors.js';
import { formatMinor } from '../money.js';
import { inAlliance, requireRole } from '../policy.js';
import { describeEntry, mayRead, type PersonalField } from '../redaction.js';
import type { SparksStore } from '../sparks/store.js';
import type { PrivacyStore } from './store.js';

export interface SubjectAccessDeps {
  sparks: SparksStore;
  budgets: BudgetsStore;
  privacy: PrivacyStore;
}

/** Access-log lines in one export; a longer history says so, and the API pages through it. */
export const ACCESS_LOG_LIMIT = 2_000;

const money = (minor: number | null) => (minor === null ? null : formatMinor(minor));

/**
 * What the caller may read of a personal field. Subject access is for coordinators, who read
 * every field, but it asks the one redaction policy all the same, so it can never say more than
 * that policy allows whoever reads it.
 */
const reader =
  (ctx: ServiceContext) =>
  <T>(field: PersonalField, value: T): T | undefined =>
    mayRead(ctx.actor, field) ? value : undefined;

function accessLogView(rows: AccessLogRow[]) {
  return {
    items: rows.slice(0, ACCESS_LOG_LIMIT).map((r) => ({
      at: r.at,
      who: { tokenId: r.tokenId, tokenName: r.tokenName ?? jobName(r.tokenId), role: r.role },
      route: `${r.method} ${r.route}`,
      what: r.what,
      subjectId: r.subjectId,
    })),
    complete: rows.length <= ACCESS_LOG_LIMIT,
  };
}

function start(ctx: ServiceContext, allianceId: string) {
  if (allianceId !== ctx.actor.allianceId)
    throw notFound('alliance_not_found', `No alliance ${allianceId} among yours.`);
  requireRole(ctx.actor, ['coordinator'], 'export everything held about a person');
}

/**
 * Everything Kindling holds about one applicant (a subject access request under UK GDPR): who
 * they are as registered, each application with its decisions, award, payments, money handed
 * back and follow-up, in their own and the panel's words, and who has read any of it.
 */
export async function applicantSubjectAccess(
  deps: SubjectAccessDeps,
  ctx: ServiceContext,
  allianceId: string,
  applicantId: string,
) {
  start(ctx, allianceId);
  const a = inAlliance(
    await deps.sparks.getApplicant(applicantId),
    allianceId,
    'applicant_not_found',
    `applicant ${applicantId}`,
  );
  const see = reader(ctx);
  const subject = { kind: 'applicant' as const, id: a.id };
  const [r, log, alliance] = await Promise.all([
    deps.privacy.applicantRecords(a.id),
    deps.privacy.accessAbout(allianceId, subject, ACCESS_LOG_LIMIT + 1),
    deps.sparks.getAlliance(allianceId),
  ]);
  return {
    kind: 'applicant' as const,
    alliance: { id: allianceId, name: alliance?.name ?? allianceId },
    generatedAt: ctx.now.toISOString(),
    subject: {
      id: a.id,
      reference: a.reference,
      name: see('name', a.name),
      contact: see('contact', a.contact),
      consentRecordedAt: a.consentRecordedAt,
      registeredAt: a.createdAt,
      erasedAt: a.erasedAt,
    },
    applications: r.applications.map((p) => applicationRecord(r, see, p)),
    accessLog: accessLogView(log),
  };
}

/**
 * Everything held about one budget holder, co-holder, supporter or broker: who they are, the
 * budgets they hold with every spend and every movement of money, their pool shares and the
 * purchases charged to them, the budgets they are named on, the access Kindling gave them, and
 * who has read any of it.
 */
export async function personSubjectAccess(
  deps: SubjectAccessDeps,
  ctx: ServiceContext,
  personId: string,
) {
  const allianceId = ctx.actor.allianceId;
  // Whose person it is first, so another alliance's id is simply not found, whatever the role.
  const p = inAlliance(
    await deps.budgets.getPerson(personId),
    allianceId,
    'person_not_found',
    `person ${personId}`,
  );
  start(ctx, allianceId);
  const see = reader(ctx);
  const [r, log, alliance] = await Promise.all([
    deps.privacy.personRecords(p.id),
    deps.privacy.accessAbout(allianceId, { kind: 'person', id: p.id }, ACCESS_LOG_LIMIT + 1),
    deps.sparks.getAlliance(allianceId),
  ]);
  return {
    kind: 'person' as const,
    alliance: { id: allianceId, name: alliance?.name ?? allianceId },
    generatedAt: ctx.now.toISOString(),
    subject: {
      id: p.id,
      reference: p.reference,
      personKind: p.kind,
      name: see('name', p.name),
      registeredAt: p.createdAt,
      erasedAt: p.erasedAt,
    },
    budgets: r.budgets.map((b) => budgetRecord(r, see, b)),
    pools: r.pools.map((x) => ({
      poolId: x.poolId,
      pool: x.poolName,
      budgetId: x.budgetId,
      joinedAt: x.joinedAt,
      leftAt: x.leftAt,
    })),
    poolPurchases: r.poolPurchases.map((x) => ({
      pool: x.poolName,
      boughtOn: x.boughtOn,
      amount: money(x.amountMinor),
      theirShare: money(x.shareMinor),
      category: x.category,
      provider: see('provider', x.provider),
      description: see('description', x.description),
    })),
    namedOn: r.namedOn.map((x) => ({
      budgetId: x.budgetId,
      holderReference: x.holderReference,
      role: x.role,
      addedAt: x.addedAt,
      removedAt: x.removedAt,
      removedReason: see('reason', x.removedReason),
    })),
    access: r.credentials.map((x) => ({
      kind: x.kind,
      name: see('name', x.name),
      role: x.role,
      createdAt: x.createdAt,
      lastUsedAt: x.lastUsedAt,
      endedAt: x.endedAt,
    })),
    accessLog: accessLogView(log),
  };
}

type See = ReturnType<typeof reader>;
type ApplicantRows = Awaited<ReturnType<PrivacyStore['applicantRecords']>>;
type PersonRows = Awaited<ReturnType<PrivacyStore['personRecords']>>;

/** One application with its decisions and award, in the applicant's and the panel's words. */
function applicationRecord(r: ApplicantRows, see: See, p: ApplicantRows['applications'][number]) {
  const award = r.awards.find((w) => w.applicationId === p.id);
  return {
    id: p.id,
    receivedOn: p.receivedOn,
    amountAsked: money(p.amountAskedMinor),
    purpose: see('purpose', p.purpose),
    notes: see('purpose', p.notes),
    domain: p.domain,
    status: p.status,
    decisions: r.decisions
      .filter((d) => d.applicationId === p.id)
      .map((d) => ({
        decidedOn: d.decidedOn,
        outcome: d.outcome,
        amount: money(d.amountMinor),
        reason: see('reason', d.reason),
      })),
    award: award ? awardRecord(r, see, award) : null,
  };
}

/** An award with its payments, money handed back and follow-up. */
function awardRecord(r: ApplicantRows, see: See, w: ApplicantRows['awards'][number]) {
  const f = r.followUps.find((x) => x.awardId === w.id);
  return {
    id: w.id,
    awardedOn: w.awardedOn,
    amount: money(w.amountMinor),
    purpose: see('purpose', w.purpose),
    domain: w.domain,
    cancelledOn: w.cancelledOn,
    cancelReason: see('reason', w.cancelReason),
    payments: r.payments
      .filter((p) => p.awardId === w.id)
      .map((p) => ({
        paidOn: p.paidOn,
        amount: money(p.amountMinor),
        method: p.method,
        supplier: see('supplier', p.supplier),
        reference: see('paymentReference', p.reference),
      })),
    returns: r.returns
      .filter((x) => x.awardId === w.id)
      .map((x) => ({ returnedOn: x.returnedOn, amount: money(x.amountMinor) })),
    followUp: f
      ? {
          dueOn: f.dueOn,
          status: f.status,
          heardOn: f.heardOn,
          inPerson: f.inPerson === null ? null : Boolean(f.inPerson),
          difference: see('narrative', f.difference),
          domainsImproved: f.domainsImproved ? (JSON.parse(f.domainsImproved) as string[]) : [],
          waivedReason: see('reason', f.waivedReason),
        }
      : null,
  };
}

/** A budget the person holds, with every spend and every movement of its money. */
function budgetRecord(r: PersonRows, see: See, b: PersonRows['budgets'][number]) {
  return {
    id: b.id,
    periodStart: b.periodStart,
    periodEnd: b.periodEnd,
    controlMode: b.controlMode,
    status: b.status,
    closedOn: b.closedOn,
    spends: r.spends
      .filter((s) => s.budgetId === b.id)
      .map((s) => ({
        id: s.id,
        spentOn: s.spentOn,
        amount: money(s.amountMinor),
        category: s.category,
        provider: see('provider', s.provider),
        description: see('description', s.description),
        status: s.status,
        decisionReason: see('reason', s.decisionReason),
      })),
    // Credit on a budget account is money in: shown from the holder's side, in is positive.
    movements: r.movements
      .filter((m) => m.budgetId === b.id)
      .map((m) => ({
        effectiveDate: m.effectiveDate,
        account: m.held ? ('held for approval' as const) : ('available' as const),
        amount: money(-m.amountMinor),
        what: describeEntry(m),
        entryId: m.entryId,
      })),
  };
}

export type ApplicantSubjectAccess = Awaited<ReturnType<typeof applicantSubjectAccess>>;
export type PersonSubjectAccess = Awaited<ReturnType<typeof personSubjectAccess>>;
