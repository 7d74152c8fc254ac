import type { Page } from '../paging.js';
import type { Reminder, ReminderContact, ReminderStatus } from './model.js';

/** What reminders read. Writes go through `Store.commit` as `ReminderWrite`s. */
export interface RemindersStore {
  /** Small Sparks follow-ups still due, in every alliance, with the applicant they are for. */
  openFollowUps(): Promise<
    { allianceId: string; awardId: string; subjectId: string; dueOn: string }[]
  >;
  /** Spends held for approval on joint budgets, one row per co-holder who can approve. */
  waitingApprovals(): Promise<{ allianceId: string; spendId: string; subjectId: string }[]>;
  /** Open budgets whose period ends on or before `by`, with their holder. */
  budgetsEnding(
    by: string,
  ): Promise<{ allianceId: string; budgetId: string; subjectId: string; periodEnd: string }[]>;
  /** Contacts that may be reminded now: a channel, an address, consent, and no STOP. */
  reachableContacts(): Promise<ReminderContact[]>;
  getContact(allianceId: string, subjectId: string): Promise<ReminderContact | null>;
  /** Waiting reminders, oldest decision first, at most `limit`. */
  waiting(limit: number): Promise<Reminder[]>;
  /** One keyset page, newest decision first: `page.limit + 1` rows, so the caller sees a next. */
  list(query: {
    allianceId: string;
    status: ReminderStatus | null;
    page: Page;
  }): Promise<Reminder[]>;
}

export type ReminderWrite =
  /** Decided once: a second row for the same alliance and dedupe key is ignored. */
  | { kind: 'reminder'; reminder: Reminder }
  /** Recorded once: applies only while the reminder is still waiting. */
  | {
      kind: 'reminder_attempt';
      id: string;
      status: ReminderStatus;
      at: string;
      error: string | null;
      channel: Reminder['channel'];
      providerRef: string | null;
    }
  | { kind: 'reminder_contact'; contact: ReminderContact }
  | { kind: 'reminder_stop'; allianceId: string; address: string; at: string };
