import type { ErasureWrite } from '../core/store.js';
import type { Statement } from './sqlite-store.js';

/**
 * Erasure as plain SQL, all in the erasing request's one batch: every free-text and identifying
 * column tied to the person is blanked, and so is every stored idempotency response and every
 * entry description that mentions one of their records. Amounts, dates, statuses, ids and the
 * ledger (whose hash never covered words) are untouched. 0007_erasure.sql lets exactly these
 * columns be blanked and nothing else.
 */
export const ERASED_RESPONSE = '{"erased":true}';

/**
 * The statements below name their parameters `?1`, `?2` (one id used in many subqueries);
 * better-sqlite3 binds only plain `?` from an array, so each is expanded in order of use.
 */
function numbered(text: string, values: unknown[]): Statement {
  const params: unknown[] = [];
  const sql = text.replace(/\?(\d+)/g, (_, n: string) => {
    params.push(values[Number(n) - 1]);
    return '?';
  });
  return { sql, params };
}

export function isErasureWrite(write: { kind: string }): write is ErasureWrite {
  return write.kind === 'applicant_erase' || write.kind === 'person_erase';
}

/** Records whose ids can appear in a stored response or an entry description. */
const APPLICANT_IDS = `SELECT ?1 AS id
  UNION ALL SELECT id FROM applications WHERE applicant_id = ?1
  UNION ALL SELECT id FROM awards WHERE applicant_id = ?1
  UNION ALL SELECT d.id FROM decisions d JOIN applications a ON a.id = d.application_id WHERE a.applicant_id = ?1
  UNION ALL SELECT s.id FROM disbursements s JOIN awards w ON w.id = s.award_id WHERE w.applicant_id = ?1`;

const HELD_BUDGETS = 'SELECT id FROM budgets WHERE holder_id = ?1';
const PERSON_TOKENS = 'SELECT id FROM tokens WHERE holder_id = ?1';
/** Pool purchases charged to a share of one of the person's budgets. */
const CHARGED_PURCHASES = `SELECT pp.id FROM pool_purchases pp
  WHERE pp.entry_id IN (
    SELECT p.entry_id FROM postings p JOIN accounts a ON a.id = p.account_id
    WHERE a.code IN (SELECT 'pool:' || pm.pool_id || ':member:' || pm.budget_id
                     FROM pool_members pm WHERE pm.budget_id IN (${HELD_BUDGETS})))`;
const PERSON_IDS = `SELECT ?1 AS id
  UNION ALL ${HELD_BUDGETS}
  UNION ALL SELECT id FROM spends WHERE budget_id IN (${HELD_BUDGETS})
  UNION ALL ${CHARGED_PURCHASES}`;

/**
 * Blanks stored responses and entry descriptions that mention any id the query yields. A stored
 * response that is only a record's id (`{"id":"apl_…"}`, what creates holding a person's words
 * remember: src/core/idempotency.ts) holds nothing personal and stays, so a client retrying a
 * create after the erasure gets the record again, now marked erased, instead of a 404.
 */
function scrubMentions(ids: string, allianceId: string, subject: string): Statement[] {
  return [
    numbered(
      `UPDATE idempotency_keys SET response_json = '${ERASED_RESPONSE}'
        WHERE alliance_id = ?2 AND response_json <> '${ERASED_RESPONSE}'
          AND response_json IS NOT (CASE WHEN json_valid(response_json)
            THEN json_object('id', json_extract(response_json, '$.id')) END)
          AND EXISTS (SELECT 1 FROM (${ids}) t WHERE instr(idempotency_keys.response_json, t.id) > 0)`,
      [subject, allianceId],
    ),
    numbered(
      `UPDATE entries SET description = 'Personal details erased (' || reason_code || ')'
        WHERE alliance_id = ?2 AND description NOT LIKE 'Personal details erased%'
          AND EXISTS (SELECT 1 FROM (${ids}) t WHERE instr(entries.description, t.id) > 0)`,
      [subject, allianceId],
    ),
  ];
}

export function erasureStatements(write: ErasureWrite): Statement[] {
  if (write.kind === 'applicant_erase') {
    const id = write.applicantId;
    const awardIds = 'SELECT id FROM awards WHERE applicant_id = ?1';
    return [
      // Mentions first: the ids are found through rows that stay, so order only matters for clarity.
      ...scrubMentions(APPLICANT_IDS, write.allianceId, id),
      numbered(
        'UPDATE applicants SET name = NULL, contact = NULL, erased_at = coalesce(erased_at, ?2) WHERE id = ?1',
        [id, write.erasedAt],
      ),
      numbered('UPDATE applications SET purpose = NULL, notes = NULL WHERE applicant_id = ?1', [
        id,
      ]),
      numbered('UPDATE awards SET purpose = NULL, cancel_reason = NULL WHERE applicant_id = ?1', [
        id,
      ]),
      numbered(
        'UPDATE decisions SET reason = NULL WHERE reason IS NOT NULL AND application_id IN (SELECT id FROM applications WHERE applicant_id = ?1)',
        [id],
      ),
      numbered(
        `UPDATE disbursements SET supplier = NULL, reference = NULL
          WHERE (supplier IS NOT NULL OR reference IS NOT NULL) AND award_id IN (${awardIds})`,
        [id],
      ),
      numbered(
        `UPDATE follow_ups SET difference = NULL, waived_reason = NULL WHERE award_id IN (${awardIds})`,
        [id],
      ),
      forgetContact(write.allianceId, id),
    ];
  }
  const id = write.personId;
  return [
    ...scrubMentions(PERSON_IDS, write.allianceId, id),
    numbered('UPDATE people SET name = NULL, erased_at = coalesce(erased_at, ?2) WHERE id = ?1', [
      id,
      write.erasedAt,
    ]),
    numbered(
      `UPDATE spends SET provider = '', description = '', decision_reason = NULL
        WHERE budget_id IN (${HELD_BUDGETS})`,
      [id],
    ),
    // Reasons they gave deciding others' spends, and reasons recorded about their place on a budget.
    numbered(`UPDATE spends SET decision_reason = NULL WHERE decided_by IN (${PERSON_TOKENS})`, [
      id,
    ]),
    numbered(
      `UPDATE budget_parties SET removed_reason = NULL
        WHERE person_id = ?1 OR budget_id IN (${HELD_BUDGETS})`,
      [id],
    ),
    numbered(
      `UPDATE pool_purchases SET provider = '', description = '' WHERE id IN (${CHARGED_PURCHASES})`,
      [id],
    ),
    numbered(`UPDATE tokens SET name = 'erased' WHERE holder_id = ?1`, [id]),
    // The name a coordinator gave the person's sign-in codes.
    numbered(`UPDATE sign_in_codes SET person_name = 'erased' WHERE holder_id = ?1`, [id]),
    forgetContact(write.allianceId, id),
  ];
}

/**
 * Their phone number or email goes entirely: the outbox keeps only ids, kinds and dates, and a
 * reminder still waiting is cancelled at send time for want of a contact.
 */
function forgetContact(allianceId: string, subjectId: string): Statement {
  return {
    sql: 'DELETE FROM reminder_contacts WHERE alliance_id = ? AND subject_id = ?',
    params: [allianceId, subjectId],
  };
}
