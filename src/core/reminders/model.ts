import messages from '../../../templates/reminders/messages.json';

/** Reminders: who is reminded of what, how, and when a message may go. */

export type ReminderKind =
  | 'follow_up_due'
  | 'follow_up_overdue'
  | 'approval_waiting'
  | 'period_ending';
export type ReminderStatus = 'waiting' | 'sent' | 'failed' | 'cancelled';
export type Channel = 'sms' | 'email' | 'none';

export interface ReminderContact {
  allianceId: string;
  /** An applicant (`apl_…`) or a person (`per_…`). */
  subjectId: string;
  channel: Channel;
  address: string | null;
  consentAt: string | null;
  stoppedAt: string | null;
  updatedAt: string;
}

export interface Reminder {
  id: string;
  allianceId: string;
  /** What this reminder is about, once: `follow_up_due:awd_…`. A second decision is ignored. */
  dedupeKey: string;
  kind: ReminderKind;
  subjectId: string;
  /** Only a date, never an amount or a word someone said. */
  vars: { date?: string };
  decidedAt: string;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  sentAt: string | null;
  channel: Channel | null;
  providerRef: string | null;
}

/** A reminder a sender is asked to deliver. `id` is the idempotency key at the gateway. */
export interface OutgoingMessage {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  subject: string;
  text: string;
}

export interface SendResult {
  ok: boolean;
  providerRef?: string | null;
  error?: string;
}

/** Delivers one message. Implementations live outside the core (log, webhook, Infobip). */
export interface Sender {
  name: string;
  send(message: OutgoingMessage): Promise<SendResult>;
}

/** After this many failed attempts a reminder is recorded as failed, for a coordinator to see. */
export const MAX_ATTEMPTS = 5;
export const DUE_SOON_DAYS = 7;
export const PERIOD_ENDING_DAYS = 14;

/** Quiet hours in the alliance's local time: no message from `startHour` until `endHour`. */
export interface QuietHours {
  startHour: number;
  endHour: number;
  timeZone: string;
}
export const DEFAULT_QUIET: QuietHours = { startHour: 21, endHour: 9, timeZone: 'Europe/London' };

export function localHour(now: Date, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone })
    .formatToParts(now)
    .find((p) => p.type === 'hour')!.value;
  return Number(hour);
}

export function isQuiet(now: Date, quiet: QuietHours): boolean {
  const h = localHour(now, quiet.timeZone);
  return quiet.startHour > quiet.endHour
    ? h >= quiet.startHour || h < quiet.endHour
    : h >= quiet.startHour && h < quiet.endHour;
}

const shortDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00.000Z`),
  );

/** The words of a reminder, from templates/reminders/messages.json. */
export function renderReminder(
  kind: ReminderKind,
  vars: Reminder['vars'],
  channel: 'sms' | 'email',
): { subject: string; text: string } {
  const t = messages[kind];
  const body = t.text.replace('{date}', vars.date ? shortDate(vars.date) : '');
  return {
    subject: t.subject,
    text: channel === 'sms' ? `${body} ${messages.stop}` : `${body}\n\n${messages.stop}`,
  };
}

/** A reply that asks us to stop: STOP and the words carriers treat the same way. */
export function isStopWord(text: string): boolean {
  return /^\s*(stop|stopall|unsubscribe|cancel|end|quit)\s*[.!]?\s*$/i.test(text);
}
