import type { Reminder, ReminderContact, ReminderStatus } from '../core/reminders/model.js';
import type { ReminderWrite, RemindersStore } from '../core/reminders/store.js';
import type { Statement } from './sqlite-store.js';
import type { Page } from '../core/paging.js';

/** Reminder writes as SQL for the same committer as everything else. */
export function reminderStatements(write: ReminderWrite): Statement[] {
  switch (write.kind) {
    case 'reminder': {
      const r = write.reminder;
      return [
        {
          sql: `INSERT INTO reminders (id, alliance_id, dedupe_key, kind, subject_id, template_vars, decided_at, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alliance_id, dedupe_key) DO NOTHING`,
          params: [
            r.id,
            r.allianceId,
            r.dedupeKey,
            r.kind,
            r.subjectId,
            JSON.stringify(r.vars),
            r.decidedAt,
            r.status,
          ],
        },
      ];
    }
    case 'reminder_attempt':
      return [
        {
          sql: `UPDATE reminders SET status = ?, attempts = attempts + 1, last_error = ?, last_attempt_at = ?,
                  sent_at = CASE WHEN ? = 'sent' THEN ? ELSE NULL END, channel = ?, provider_ref = ?
                WHERE id = ? AND status = 'waiting'`,
          params: [
            write.status,
            write.error,
            write.at,
            write.status,
            write.at,
            write.channel,
            write.providerRef,
            write.id,
          ],
        },
      ];
    case 'reminder_contact': {
      const c = write.contact;
      return [
        {
          sql: `INSERT INTO reminder_contacts (alliance_id, subject_id, channel, address, consent_at, stopped_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (alliance_id, subject_id) DO UPDATE SET channel = excluded.channel,
                  address = excluded.address, consent_at = excluded.consent_at,
                  stopped_at = excluded.stopped_at, updated_at = excluded.updated_at`,
          params: [
            c.allianceId,
            c.subjectId,
            c.channel,
            c.address,
            c.consentAt,
            c.stoppedAt,
            c.updatedAt,
          ],
        },
      ];
    }
    case 'reminder_stop':
      return [
        {
          sql: `UPDATE reminder_contacts SET stopped_at = ?, updated_at = ?
                WHERE alliance_id = ? AND address = ? AND stopped_at IS NULL`,
          params: [write.at, write.at, write.allianceId, write.address],
        },
      ];
  }
}

export const REMINDER_WRITES = new Set<string>([
  'reminder',
  'reminder_attempt',
  'reminder_contact',
  'reminder_stop',
]);

type Read = <T>(statement: Statement) => Promise<T[]>;

interface ReminderRow {
  id: string;
  alliance_id: string;
  dedupe_key: string;
  kind: Reminder['kind'];
  subject_id: string;
  template_vars: string;
  decided_at: string;
  status: ReminderStatus;
  attempts: number;
  last_error: string | null;
  last_attempt_at: string | null;
  sent_at: string | null;
  channel: Reminder['channel'];
  provider_ref: string | null;
}

const toReminder = (r: ReminderRow): Reminder => ({
  id: r.id,
  allianceId: r.alliance_id,
  dedupeKey: r.dedupe_key,
  kind: r.kind,
  subjectId: r.subject_id,
  vars: JSON.parse(r.template_vars) as Reminder['vars'],
  decidedAt: r.decided_at,
  status: r.status,
  attempts: Number(r.attempts),
  lastError: r.last_error,
  lastAttemptAt: r.last_attempt_at,
  sentAt: r.sent_at,
  channel: r.channel,
  providerRef: r.provider_ref,
});

interface ContactRow {
  alliance_id: string;
  subject_id: string;
  channel: ReminderContact['channel'];
  address: string | null;
  consent_at: string | null;
  stopped_at: string | null;
  updated_at: string;
}

const toContact = (c: ContactRow): ReminderContact => ({
  allianceId: c.alliance_id,
  subjectId: c.subject_id,
  channel: c.channel,
  address: c.address,
  consentAt: c.consent_at,
  stoppedAt: c.stopped_at,
  updatedAt: c.updated_at,
});

export class SqliteRemindersStore implements RemindersStore {
  constructor(private readonly read: Read) {}

  openFollowUps() {
    return this.read<{ allianceId: string; awardId: string; subjectId: string; dueOn: string }>({
      sql: `SELECT f.alliance_id AS allianceId, f.award_id AS awardId, a.applicant_id AS subjectId, f.due_on AS dueOn
              FROM follow_ups f JOIN awards a ON a.id = f.award_id
             WHERE f.status = 'due'`,
      params: [],
    });
  }

  waitingApprovals() {
    return this.read<{ allianceId: string; spendId: string; subjectId: string }>({
      sql: `SELECT s.alliance_id AS allianceId, s.id AS spendId, p.person_id AS subjectId
              FROM spends s JOIN budgets b ON b.id = s.budget_id
              JOIN budget_parties p ON p.budget_id = b.id AND p.role = 'co_holder' AND p.removed_at IS NULL
             WHERE s.status = 'pending' AND b.control_mode = 'joint'`,
      params: [],
    });
  }

  budgetsEnding(by: string) {
    return this.read<{
      allianceId: string;
      budgetId: string;
      subjectId: string;
      periodEnd: string;
    }>({
      sql: `SELECT alliance_id AS allianceId, id AS budgetId, holder_id AS subjectId, period_end AS periodEnd
                FROM budgets WHERE status = 'open' AND period_end <= ?`,
      params: [by],
    });
  }

  async reachableContacts() {
    const rows = await this.read<ContactRow>({
      sql: `SELECT * FROM reminder_contacts
             WHERE channel != 'none' AND address IS NOT NULL AND consent_at IS NOT NULL AND stopped_at IS NULL`,
      params: [],
    });
    return rows.map(toContact);
  }

  async getContact(allianceId: string, subjectId: string) {
    const rows = await this.read<ContactRow>({
      sql: 'SELECT * FROM reminder_contacts WHERE alliance_id = ? AND subject_id = ?',
      params: [allianceId, subjectId],
    });
    return rows[0] ? toContact(rows[0]) : null;
  }

  async waiting(limit: number) {
    const rows = await this.read<ReminderRow>({
      sql: "SELECT * FROM reminders WHERE status = 'waiting' ORDER BY decided_at, id LIMIT ?",
      params: [limit],
    });
    return rows.map(toReminder);
  }

  async list(query: { allianceId: string; status: ReminderStatus | null; page: Page }) {
    const before = query.page.after;
    const rows = await this.read<ReminderRow>({
      sql: `SELECT * FROM reminders WHERE alliance_id = ? AND (? IS NULL OR status = ?)
             ${before ? 'AND (decided_at < ? OR (decided_at = ? AND id < ?))' : ''}
             ORDER BY decided_at DESC, id DESC LIMIT ?`,
      params: [
        query.allianceId,
        query.status,
        query.status,
        ...(before ? [before.key, before.key, before.id] : []),
        query.page.limit + 1,
      ],
    });
    return rows.map(toReminder);
  }
}
