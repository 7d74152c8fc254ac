import type Database from 'better-sqlite3';
import { rawAppend, type EntryDraft } from '../bench/lib.js';

/**
 * Grows an alliance to thousands of awards in seconds, for measuring exports and lists at size
 * (making 10,000 awards through the API would take minutes). One real award, made through the
 * API, is the template: its applicant, application, decision, award and follow-up rows are copied
 * `count` times by SQL with new ids and references, and each copy gets its award account and a
 * sealed award entry (every other one a payment too) through the bench's raw append, so the
 * ledger, its hash chain and every balance are as the app would have left them.
 *
 * The database rules for decisions and awards (a quorate sitting on the day, the application
 * just marked awarded) are suspended while the copies go in and restored exactly as they were;
 * the copies satisfy everything else. Dates rise with the copy's number from `firstDay` over
 * `days` days, so no entry is back-dated before a later one.
 */
export function cloneAwards(
  sqlite: Database.Database,
  options: {
    awardId: string;
    count: number;
    firstDay: string;
    days: number;
    recordedAt: string;
    /** Distinguishes one call's copies from another's. */
    tag: string;
  },
): void {
  const t = sqlite
    .prepare(
      `SELECT w.*, e.actor AS actor FROM awards w JOIN entries e ON e.id = w.entry_id
        WHERE w.id = ?`,
    )
    .get(options.awardId) as Record<string, string | number>;
  const allianceId = String(t.alliance_id);
  const suffix = (i: number) => `${options.tag}${String(i).padStart(6, '0')}`;
  const dayOf = (i: number) => {
    const d = new Date(`${options.firstDay}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + Math.floor((i * options.days) / options.count));
    return d.toISOString().slice(0, 10);
  };
  const suspended = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('decisions_rules', 'awards_rules')",
    )
    .all() as { name: string; sql: string }[];
  const prepared = new Map<string, { statement: Database.Statement; columns: string[] }>();
  // INSERT … SELECT from the template row, with the columns named in `values` replaced.
  const copy = (
    table: string,
    key: string,
    id: string | number,
    values: Record<string, unknown>,
  ) => {
    let known = prepared.get(table);
    if (!known) {
      const columns = (sqlite.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !(table === 'accounts' && c === 'id'));
      const picked = columns.map((c) => (c in values ? '?' : `"${c}"`)).join(', ');
      const statement = sqlite.prepare(
        `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${picked} FROM ${table} WHERE "${key}" = ?`,
      );
      known = { statement, columns: columns.filter((c) => c in values) };
      prepared.set(table, known);
    }
    known.statement.run(...known.columns.map((c) => values[c]), id);
  };
  const drafts: EntryDraft[] = [];
  const fund = `alliance:${allianceId}:fund:sparks`;
  const bank = `alliance:${allianceId}:bank`;
  for (const trigger of suspended) sqlite.exec(`DROP TRIGGER "${trigger.name}"`);
  try {
    sqlite.transaction(() => {
      for (let i = 0; i < options.count; i++) {
        const s = suffix(i);
        const day = dayOf(i);
        const [applicant, application, decision, award] = ['apl', 'app', 'dec', 'awd'].map(
          (p) => `${p}_bulk${s}`,
        );
        const entry = `ent_bulk${s}`;
        copy('applicants', 'id', String(t.applicant_id), {
          id: applicant,
          reference: `SP-B${s.toUpperCase()}`,
        });
        copy('applications', 'id', String(t.application_id), {
          id: application,
          applicant_id: applicant,
        });
        copy('decisions', 'id', String(t.decision_id), {
          id: decision,
          application_id: application,
          decided_on: day,
        });
        copy('awards', 'id', options.awardId, {
          id: award,
          application_id: application,
          applicant_id: applicant,
          decision_id: decision,
          awarded_on: day,
          entry_id: entry,
        });
        copy('follow_ups', 'award_id', options.awardId, { award_id: award });
        copy('accounts', 'code', `award:${options.awardId}`, {
          code: `award:${award}`,
          balance_minor: 0,
          posting_count: 0,
        });
        const amount = Number(t.amount_minor);
        const draft = (id: string, reasonCode: string, debit: string, credit: string) =>
          drafts.push({
            id,
            allianceId,
            effectiveDate: day,
            recordedAt: options.recordedAt,
            description: `Bulk ${reasonCode} ${i}`,
            actor: String(t.actor),
            reasonCode,
            reversesEntryId: null,
            postings: [
              { line: 1, accountCode: debit, amountMinor: amount },
              { line: 2, accountCode: credit, amountMinor: -amount },
            ],
          });
        draft(entry, 'award', fund, `award:${award}`);
        if (i % 2 === 0) draft(`ent_bulkpay${s}`, 'disbursement', `award:${award}`, bank);
      }
    })();
  } finally {
    for (const trigger of suspended) sqlite.exec(trigger.sql);
  }
  rawAppend(sqlite, drafts.length, 1_000, (k) => drafts[k]!);
}
