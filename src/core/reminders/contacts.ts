import type { Hasher, ServiceContext } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { requireAlliance, requireRole } from '../policy.js';
import { createOnce, type Once } from '../idempotency.js';
import { redact } from '../redaction.js';
import { pageOf, type Page } from '../paging.js';
import type { BudgetsStore } from '../budgets/store.js';
import type { SparksStore } from '../sparks/store.js';
import type { Store } from '../store.js';
import { isStopWord, type Channel, type ReminderContact, type ReminderStatus } from './model.js';
import type { RemindersStore } from './store.js';

export interface ContactDeps {
  store: Store;
  hasher: Hasher;
  reminders: RemindersStore;
  sparks: SparksStore;
  budgets: BudgetsStore;
}

/** The subject's reference as people know it (SP-… or IB-…), or not found in this alliance. */
async function subjectReference(
  deps: ContactDeps,
  allianceId: string,
  subjectId: string,
): Promise<string> {
  const [applicant, person] = await Promise.all([
    deps.sparks.getApplicant(subjectId),
    deps.budgets.getPerson(subjectId),
  ]);
  const found = applicant ?? person;
  if (!found || found.allianceId !== allianceId || !found.reference)
    throw notFound('subject_not_found', `No applicant or person ${subjectId} in your alliance.`);
  return found.reference;
}

export interface ContactInput {
  channel: Channel;
  address?: string | undefined;
  /** The person agreed, now, to be reminded this way. Required for SMS and email. */
  consent: boolean;
}

const SMS = /^\+?[0-9][0-9 ]{6,18}[0-9]$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

/**
 * How a person wants to be reminded (coordinators and panel members record it with them). A
 * new choice with consent clears an earlier STOP: the person asked again.
 */
export async function setContact(
  deps: ContactDeps,
  ctx: ServiceContext,
  allianceId: string,
  subjectId: string,
  input: ContactInput,
) {
  requireAlliance(ctx.actor, allianceId, 'alliance', 'alliance_not_found');
  requireRole(ctx.actor, ['coordinator', 'panel'], 'record how people are reminded');
  const reference = await subjectReference(deps, allianceId, subjectId);
  const address = input.address?.trim() || null;
  if (input.channel !== 'none') {
    if (!input.consent)
      throw invalid('consent_required', 'Reminders by text or email need the person’s consent.', [
        { path: 'consent', message: 'must be true for sms or email' },
      ]);
    const pattern = input.channel === 'sms' ? SMS : EMAIL;
    if (!address || !pattern.test(address))
      throw invalid(
        'invalid_address',
        input.channel === 'sms'
          ? 'Enter a mobile number, like 07700 900123.'
          : 'Enter an email address.',
        [
          {
            path: 'address',
            message: `not a ${input.channel === 'sms' ? 'phone number' : 'email address'}`,
          },
        ],
      );
  }
  const now = ctx.now.toISOString();
  const contact: ReminderContact = {
    allianceId,
    subjectId,
    channel: input.channel,
    address: input.channel === 'none' ? null : address!.replace(/ /g, ''),
    consentAt: input.channel === 'none' ? null : now,
    stoppedAt: null,
    updatedAt: now,
  };
  await deps.store.commit(() => [{ kind: 'reminder_contact', contact }]);
  return contactView(ctx, contact, reference);
}

/** The address is a person's contact detail: the redaction policy decides who reads it. */
function contactView(ctx: ServiceContext, c: ReminderContact, reference: string) {
  return redact(
    ctx.actor,
    {
      subjectId: c.subjectId,
      reference,
      recorded: true,
      channel: c.channel,
      address: c.address,
      consentAt: c.consentAt,
      stoppedAt: c.stoppedAt,
    },
    { address: 'contact' },
  );
}

export async function getContact(
  deps: ContactDeps,
  ctx: ServiceContext,
  allianceId: string,
  subjectId: string,
) {
  requireAlliance(ctx.actor, allianceId, 'alliance', 'alliance_not_found');
  requireRole(ctx.actor, ['coordinator', 'panel'], 'read how people are reminded');
  const reference = await subjectReference(deps, allianceId, subjectId);
  const contact = await deps.reminders.getContact(allianceId, subjectId);
  // Nobody asked yet (or the person was erased) reads as what it means: no reminders.
  if (!contact)
    return {
      ...contactView(
        ctx,
        {
          allianceId,
          subjectId,
          channel: 'none',
          address: null,
          consentAt: null,
          stoppedAt: null,
          updatedAt: '',
        },
        reference,
      ),
      recorded: false,
    };
  return contactView(ctx, contact, reference);
}

/**
 * A reply that reached the alliance's gateway. STOP (and the carriers' synonyms) stops every
 * reminder to that address at once, including those already decided; other words are ignored
 * and not kept.
 */
export async function recordReply(
  deps: ContactDeps,
  ctx: ServiceContext,
  allianceId: string,
  input: { from: string; text: string },
  once?: Once,
) {
  requireAlliance(ctx.actor, allianceId, 'alliance', 'alliance_not_found');
  requireRole(ctx.actor, ['coordinator'], 'pass on replies from the gateway');
  // The answer says only whether reminders stopped: nothing of the number or the words is kept.
  return createOnce<{ stopped: boolean }>(
    deps,
    ctx,
    once,
    { operation: `reminder_reply:${allianceId}`, input, status: 200 },
    async (remember) => {
      const stopped = isStopWord(input.text);
      const address = input.from.trim().replace(/ /g, '');
      const writes = [
        ...(stopped
          ? [{ kind: 'reminder_stop' as const, allianceId, address, at: ctx.now.toISOString() }]
          : []),
        ...remember({ stopped }),
      ];
      // A reply that is not STOP, sent without a key, writes nothing (D1 refuses an empty batch).
      if (writes.length) await deps.store.commit(() => writes);
      return { stopped };
    },
  );
}

/** What coordinators see: each reminder's kind, whom (by reference), and what became of it. */
/**
 * Reminders of the alliance, newest decision first, a keyset page at a time. Each names its
 * person by reference: the applicants and the budget people of the page, read once each.
 */
export async function listReminders(
  deps: ContactDeps,
  ctx: ServiceContext,
  allianceId: string,
  query: { status: ReminderStatus | null },
  page: Page,
) {
  requireAlliance(ctx.actor, allianceId, 'alliance', 'alliance_not_found');
  requireRole(ctx.actor, ['coordinator'], 'see reminders');
  const rows = await deps.reminders.list({ allianceId, status: query.status, page });
  const { items, next } = pageOf(rows, page.limit, (r) => r.decidedAt);
  const subjects = [...new Set(items.map((r) => r.subjectId))];
  const [applicants, people] = await Promise.all([
    deps.sparks.getApplicants(subjects),
    deps.budgets.getPeople(subjects),
  ]);
  const references = new Map<string, string>();
  for (const found of [...applicants, ...people])
    if (found.allianceId === allianceId && found.reference)
      references.set(found.id, found.reference);
  return {
    items: items.map((r) => ({
      id: r.id,
      kind: r.kind,
      about: r.dedupeKey.slice(r.kind.length + 1),
      // 'erased' when no one on file has the reference any more, as before.
      reference: references.get(r.subjectId) ?? 'erased',
      // The id the contact routes take, to change how this person is reminded.
      subjectId: r.subjectId,
      status: r.status,
      decidedAt: r.decidedAt,
      sentAt: r.sentAt,
      channel: r.channel,
      attempts: r.attempts,
      lastError: r.lastError,
    })),
    next,
  };
}
