import { addDays } from '../sparks/model.js';
import type { IdGenerator } from '../context.js';
import type { Store, Write } from '../store.js';
import {
  DUE_SOON_DAYS,
  isQuiet,
  MAX_ATTEMPTS,
  PERIOD_ENDING_DAYS,
  renderReminder,
  type QuietHours,
  type Reminder,
  type ReminderKind,
  type Sender,
} from './model.js';
import type { RemindersStore } from './store.js';

export interface RemindersDeps {
  store: Store;
  reminders: RemindersStore;
  ids: IdGenerator;
}

/** Today in the alliance's time zone (the reminders' dates are local dates). */
function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

interface Due {
  allianceId: string;
  subjectId: string;
  kind: ReminderKind;
  about: string;
  date?: string;
}

/**
 * Decides which reminders are due today and records each once: the outbox keeps one row per
 * alliance and dedupe key, so deciding again (another run, a retry after a crash) adds nothing.
 * Only people with a channel, an address, consent and no STOP are reminded.
 */
export async function decideReminders(
  deps: RemindersDeps,
  now: Date,
  quiet: QuietHours,
): Promise<number> {
  const today = localDate(now, quiet.timeZone);
  const [followUps, approvals, ending, contacts] = await Promise.all([
    deps.reminders.openFollowUps(),
    deps.reminders.waitingApprovals(),
    deps.reminders.budgetsEnding(addDays(today, PERIOD_ENDING_DAYS)),
    deps.reminders.reachableContacts(),
  ]);
  const reachable = new Set(contacts.map((c) => `${c.allianceId}|${c.subjectId}`));
  const due: Due[] = [];
  for (const f of followUps) {
    if (f.dueOn < today) due.push({ ...f, kind: 'follow_up_overdue', about: f.awardId });
    else if (addDays(f.dueOn, -DUE_SOON_DAYS) <= today)
      due.push({ ...f, kind: 'follow_up_due', about: f.awardId, date: f.dueOn });
  }
  for (const a of approvals)
    due.push({ ...a, kind: 'approval_waiting', about: `${a.spendId}:${a.subjectId}` });
  for (const b of ending)
    if (b.periodEnd >= today)
      due.push({ ...b, kind: 'period_ending', about: b.budgetId, date: b.periodEnd });
  const writes: Write[] = due
    .filter((d) => reachable.has(`${d.allianceId}|${d.subjectId}`))
    .map((d) => ({
      kind: 'reminder',
      reminder: {
        id: deps.ids('rem'),
        allianceId: d.allianceId,
        dedupeKey: `${d.kind}:${d.about}`,
        kind: d.kind,
        subjectId: d.subjectId,
        vars: d.date ? { date: d.date } : {},
        decidedAt: now.toISOString(),
        status: 'waiting',
        attempts: 0,
        lastError: null,
        lastAttemptAt: null,
        sentAt: null,
        channel: null,
        providerRef: null,
      },
    }));
  // Small batches: D1 caps the statements of one invocation.
  for (let i = 0; i < writes.length; i += 50) {
    const batch = writes.slice(i, i + 50);
    await deps.store.commit(() => batch);
  }
  return writes.length;
}

export interface SendSummary {
  sent: number;
  failed: number;
  cancelled: number;
  retrying: number;
  quiet: boolean;
}

/**
 * Sends what is waiting, outside quiet hours. The contact is read at send time, so a STOP or a
 * change of channel since the decision counts. Each outcome is recorded only while the reminder
 * is still waiting; the sender gets the reminder's id as its idempotency key, so if we crash
 * after the gateway took a message and before we recorded it, the retry is the same message.
 */
export async function sendReminders(
  deps: RemindersDeps,
  sender: Sender,
  now: Date,
  quiet: QuietHours,
  limit = 200,
): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, failed: 0, cancelled: 0, retrying: 0, quiet: false };
  if (isQuiet(now, quiet)) return { ...summary, quiet: true };
  const at = now.toISOString();
  for (const reminder of await deps.reminders.waiting(limit)) {
    const contact = await deps.reminders.getContact(reminder.allianceId, reminder.subjectId);
    const record = (
      patch: Omit<Extract<Write, { kind: 'reminder_attempt' }>, 'kind' | 'id' | 'at'>,
    ) => deps.store.commit(() => [{ kind: 'reminder_attempt', id: reminder.id, at, ...patch }]);
    if (
      !contact ||
      contact.channel === 'none' ||
      !contact.address ||
      !contact.consentAt ||
      contact.stoppedAt
    ) {
      await record({
        status: 'cancelled',
        error: contact?.stoppedAt ? 'stopped' : 'no consenting contact',
        channel: null,
        providerRef: null,
      });
      summary.cancelled++;
      continue;
    }
    const words = renderReminder(reminder.kind, reminder.vars, contact.channel);
    const result = await sender.send({
      id: reminder.id,
      channel: contact.channel,
      to: contact.address,
      ...words,
    });
    if (result.ok) {
      await record({
        status: 'sent',
        error: null,
        channel: contact.channel,
        providerRef: result.providerRef ?? null,
      });
      summary.sent++;
    } else {
      const last = reminder.attempts + 1 >= MAX_ATTEMPTS;
      await record({
        status: last ? 'failed' : 'waiting',
        error: (result.error ?? 'refused').slice(0, 200),
        channel: contact.channel,
        providerRef: null,
      });
      if (last) summary.failed++;
      else summary.retrying++;
    }
  }
  return summary;
}

/** One scheduled run: decide (`due` counts what is due now; each is recorded once), then send. */
export async function runReminders(
  deps: RemindersDeps,
  sender: Sender,
  now: Date,
  quiet: QuietHours,
): Promise<SendSummary & { due: number }> {
  const due = await decideReminders(deps, now, quiet);
  return { due, ...(await sendReminders(deps, sender, now, quiet)) };
}

export type { Reminder };
