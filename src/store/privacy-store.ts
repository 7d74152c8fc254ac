import type { AccessLogRow } from '../core/access-log.js';
import type {
  AccessLogQuery,
  ApplicantRecords,
  PersonRecords,
  PrivacyStore,
  RetentionCandidate,
} from '../core/privacy/store.js';
import type { Committer, Statement } from './sqlite-store.js';

/** `?1`-style parameters expanded for drivers that bind only plain `?` (see erasure-store.ts). */
function numbered(text: string, values: unknown[]): Statement {
  const params: unknown[] = [];
  const sql = text.replace(/\?(\d+)/g, (_, n: string) => {
    params.push(values[Number(n) - 1]);
    return '?';
  });
  return { sql, params };
}

const HELD = 'SELECT id FROM budgets WHERE holder_id = ?1';
const AWARDS = 'SELECT id FROM awards WHERE applicant_id = ?1';

/** The ids the access log may name for a subject: the person and each record of theirs. */
const ABOUT = {
  applicant: `SELECT ?1 UNION ALL SELECT id FROM applications WHERE applicant_id = ?1
    UNION ALL ${AWARDS}`,
  person: `SELECT ?1 UNION ALL ${HELD}
    UNION ALL SELECT id FROM spends WHERE budget_id IN (${HELD})
    UNION ALL SELECT pool_id FROM pool_members WHERE budget_id IN (${HELD})`,
};

/** The reference a person knows a record by: SP- for an applicant's, IB- for a budget person's. */
const SUBJECT_LABEL = `coalesce(
  (SELECT reference FROM applicants WHERE id = l.subject_id),
  (SELECT a.reference FROM applications p JOIN applicants a ON a.id = p.applicant_id WHERE p.id = l.subject_id),
  (SELECT a.reference FROM awards w JOIN applicants a ON a.id = w.applicant_id WHERE w.id = l.subject_id),
  (SELECT reference FROM people WHERE id = l.subject_id),
  (SELECT h.reference FROM budgets b JOIN people h ON h.id = b.holder_id WHERE b.id = l.subject_id),
  (SELECT h.reference FROM spends s JOIN budgets b ON b.id = s.budget_id
     JOIN people h ON h.id = b.holder_id WHERE s.id = l.subject_id),
  (SELECT name FROM pools WHERE id = l.subject_id))`;

/**
 * Every record id of the person with reference ?2 in alliance ?1, as two lists (an applicant's,
 * a budget person's): D1 refuses one compound SELECT of six terms ("too many terms").
 */
const BY_APPLICANT_REFERENCE = `SELECT id FROM applicants WHERE alliance_id = ?1 AND reference = ?2
  UNION ALL SELECT p.id FROM applications p JOIN applicants a ON a.id = p.applicant_id
    WHERE a.alliance_id = ?1 AND a.reference = ?2
  UNION ALL SELECT w.id FROM awards w JOIN applicants a ON a.id = w.applicant_id
    WHERE a.alliance_id = ?1 AND a.reference = ?2`;
const BY_PERSON_REFERENCE = `SELECT id FROM people WHERE alliance_id = ?1 AND reference = ?2
  UNION ALL SELECT b.id FROM budgets b JOIN people h ON h.id = b.holder_id
    WHERE h.alliance_id = ?1 AND h.reference = ?2
  UNION ALL SELECT s.id FROM spends s JOIN budgets b ON b.id = s.budget_id
    JOIN people h ON h.id = b.holder_id WHERE h.alliance_id = ?1 AND h.reference = ?2`;

/** The latest of many dates; SQLite's max() of several values is NULL if any is. */
const latest = (parts: string[]) => `max(${parts.map((p) => `coalesce((${p}), '')`).join(', ')})`;

const APPLICANT_LAST = latest([
  'substr(a.created_at, 1, 10)',
  'SELECT max(received_on) FROM applications WHERE applicant_id = a.id',
  'SELECT max(d.decided_on) FROM decisions d JOIN applications p ON p.id = d.application_id WHERE p.applicant_id = a.id',
  "SELECT max(max(w.awarded_on, coalesce(w.cancelled_on, ''))) FROM awards w WHERE w.applicant_id = a.id",
  'SELECT max(s.paid_on) FROM disbursements s JOIN awards w ON w.id = s.award_id WHERE w.applicant_id = a.id',
  'SELECT max(r.returned_on) FROM grant_returns r JOIN awards w ON w.id = r.award_id WHERE w.applicant_id = a.id',
  "SELECT max(max(f.due_on, coalesce(f.heard_on, ''))) FROM follow_ups f JOIN awards w ON w.id = f.award_id WHERE w.applicant_id = a.id",
]);

const PERSON_LAST = latest([
  'substr(p.created_at, 1, 10)',
  "SELECT max(max(b.period_start, coalesce(b.closed_on, ''))) FROM budgets b WHERE b.holder_id = p.id",
  `SELECT max(po.effective_date) FROM postings po JOIN accounts ac ON ac.id = po.account_id
     JOIN budgets b ON ac.code IN ('budget:' || b.id, 'budget:' || b.id || ':held') WHERE b.holder_id = p.id`,
  "SELECT max(max(s.spent_on, coalesce(substr(s.decided_at, 1, 10), ''))) FROM spends s JOIN budgets b ON b.id = s.budget_id WHERE b.holder_id = p.id",
  "SELECT max(max(substr(added_at, 1, 10), coalesce(substr(removed_at, 1, 10), ''))) FROM budget_parties WHERE person_id = p.id",
  'SELECT max(substr(s.decided_at, 1, 10)) FROM spends s JOIN tokens t ON t.id = s.decided_by WHERE t.holder_id = p.id',
  'SELECT max(substr(created_at, 1, 10)) FROM pools WHERE coordinator_person_id = p.id',
  'SELECT max(substr(last_used_at, 1, 10)) FROM tokens WHERE holder_id = p.id',
  "SELECT max(max(substr(created_at, 1, 10), coalesce(substr(used_at, 1, 10), ''))) FROM sign_in_codes WHERE holder_id = p.id",
]);

/** Subject access and retention reads, in plain SQL for both drivers. */
export class SqlitePrivacyStore implements PrivacyStore {
  constructor(private readonly committer: Pick<Committer, 'read'>) {}

  private rows<T>(text: string, values: unknown[]): Promise<T[]> {
    return this.committer.read<T>(numbered(text, values));
  }

  async applicantRecords(id: string): Promise<ApplicantRecords> {
    const [applications, decisions, awards, payments, returns, followUps] = await Promise.all([
      this.rows<ApplicantRecords['applications'][number]>(
        `SELECT id, received_on AS receivedOn, amount_asked_minor AS amountAskedMinor, purpose, notes,
           domain, status FROM applications WHERE applicant_id = ?1 ORDER BY received_on, id`,
        [id],
      ),
      this.rows<ApplicantRecords['decisions'][number]>(
        `SELECT d.application_id AS applicationId, d.decided_on AS decidedOn, d.outcome,
           d.amount_minor AS amountMinor, d.reason FROM decisions d
         JOIN applications p ON p.id = d.application_id WHERE p.applicant_id = ?1
         ORDER BY d.decided_on, d.id`,
        [id],
      ),
      this.rows<ApplicantRecords['awards'][number]>(
        `SELECT id, application_id AS applicationId, awarded_on AS awardedOn, amount_minor AS amountMinor,
           purpose, domain, cancelled_on AS cancelledOn, cancel_reason AS cancelReason
         FROM awards WHERE applicant_id = ?1 ORDER BY awarded_on, id`,
        [id],
      ),
      this.rows<ApplicantRecords['payments'][number]>(
        `SELECT award_id AS awardId, paid_on AS paidOn, amount_minor AS amountMinor, method, supplier,
           reference FROM disbursements WHERE award_id IN (${AWARDS}) ORDER BY paid_on, id`,
        [id],
      ),
      this.rows<ApplicantRecords['returns'][number]>(
        `SELECT award_id AS awardId, returned_on AS returnedOn, amount_minor AS amountMinor
         FROM grant_returns WHERE award_id IN (${AWARDS}) ORDER BY returned_on, id`,
        [id],
      ),
      this.rows<ApplicantRecords['followUps'][number]>(
        `SELECT award_id AS awardId, due_on AS dueOn, status, heard_on AS heardOn, in_person AS inPerson,
           difference, domains_improved AS domainsImproved, waived_reason AS waivedReason
         FROM follow_ups WHERE award_id IN (${AWARDS}) ORDER BY due_on, award_id`,
        [id],
      ),
    ]);
    return { applications, decisions, awards, payments, returns, followUps };
  }

  async personRecords(id: string): Promise<PersonRecords> {
    const [budgets, namedOn, spends, movements, pools, poolPurchases, credentials] =
      await Promise.all([
        this.rows<PersonRecords['budgets'][number]>(
          `SELECT id, period_start AS periodStart, period_end AS periodEnd, control_mode AS controlMode,
             status, closed_on AS closedOn FROM budgets WHERE holder_id = ?1 ORDER BY period_start, id`,
          [id],
        ),
        this.rows<PersonRecords['namedOn'][number]>(
          `SELECT bp.budget_id AS budgetId, h.reference AS holderReference, bp.role,
             bp.added_at AS addedAt, bp.removed_at AS removedAt, bp.removed_reason AS removedReason
           FROM budget_parties bp JOIN budgets b ON b.id = bp.budget_id JOIN people h ON h.id = b.holder_id
           WHERE bp.person_id = ?1 ORDER BY bp.added_at, bp.budget_id`,
          [id],
        ),
        this.rows<PersonRecords['spends'][number]>(
          `SELECT id, budget_id AS budgetId, spent_on AS spentOn, amount_minor AS amountMinor, category,
             provider, description, status, decision_reason AS decisionReason
           FROM spends WHERE budget_id IN (${HELD}) ORDER BY spent_on, id`,
          [id],
        ),
        this.rows<PersonRecords['movements'][number]>(
          `SELECT b.id AS budgetId, e.id AS entryId, po.effective_date AS effectiveDate,
             po.amount_minor AS amountMinor, e.reason_code AS reasonCode,
             e.reverses_entry_id AS reversesEntryId,
             CASE WHEN ac.code LIKE '%:held' THEN 1 ELSE 0 END AS held
           FROM budgets b JOIN accounts ac ON ac.code IN ('budget:' || b.id, 'budget:' || b.id || ':held')
           JOIN postings po ON po.account_id = ac.id JOIN entries e ON e.id = po.entry_id
           WHERE b.holder_id = ?1 ORDER BY po.effective_date, e.seq, po.line`,
          [id],
        ),
        this.rows<PersonRecords['pools'][number]>(
          `SELECT pm.pool_id AS poolId, pl.name AS poolName, pm.budget_id AS budgetId,
             pm.joined_at AS joinedAt, pm.left_at AS leftAt
           FROM pool_members pm JOIN pools pl ON pl.id = pm.pool_id
           WHERE pm.budget_id IN (${HELD}) ORDER BY pm.joined_at, pm.pool_id`,
          [id],
        ),
        this.rows<PersonRecords['poolPurchases'][number]>(
          `SELECT pl.name AS poolName, pp.bought_on AS boughtOn, pp.provider, pp.description, pp.category,
             pp.amount_minor AS amountMinor, po.amount_minor AS shareMinor
           FROM pool_members pm JOIN pools pl ON pl.id = pm.pool_id
           JOIN accounts ac ON ac.code = 'pool:' || pm.pool_id || ':member:' || pm.budget_id
           JOIN postings po ON po.account_id = ac.id
           JOIN pool_purchases pp ON pp.entry_id = po.entry_id
           WHERE pm.budget_id IN (${HELD}) ORDER BY pp.bought_on, pp.id`,
          [id],
        ),
        this.rows<PersonRecords['credentials'][number]>(
          `SELECT 'token' AS kind, name, role, created_at AS createdAt, last_used_at AS lastUsedAt,
             revoked_at AS endedAt FROM tokens WHERE holder_id = ?1
           UNION ALL
           SELECT 'sign-in code', person_name, role, created_at, used_at, withdrawn_at
             FROM sign_in_codes WHERE holder_id = ?1
           ORDER BY createdAt`,
          [id],
        ),
      ]);
    return { budgets, namedOn, spends, movements, pools, poolPurchases, credentials };
  }

  accessAbout(
    allianceId: string,
    subject: { kind: 'applicant' | 'person'; id: string },
    limit: number,
  ): Promise<AccessLogRow[]> {
    return this.rows<AccessLogRow>(
      `SELECT l.id, l.alliance_id AS allianceId, l.at, l.token_id AS tokenId,
         coalesce(t.name, c.person_name) AS tokenName, l.role, l.method, l.route, l.what,
         l.subject_id AS subjectId, l.request_id AS requestId
       FROM access_log l LEFT JOIN tokens t ON t.id = l.token_id
         LEFT JOIN sign_in_codes c ON c.id = l.token_id
       WHERE l.alliance_id = ?2 AND l.subject_id IN (${ABOUT[subject.kind]})
       ORDER BY l.id DESC LIMIT ?3`,
      [subject.id, allianceId, limit],
    );
  }

  accessLogPage(q: AccessLogQuery) {
    return this.rows<AccessLogRow & { subjectLabel: string | null }>(
      `SELECT l.id, l.alliance_id AS allianceId, l.at, l.token_id AS tokenId,
         coalesce(t.name, c.person_name) AS tokenName, l.role, l.method, l.route, l.what,
         l.subject_id AS subjectId, l.request_id AS requestId, ${SUBJECT_LABEL} AS subjectLabel
       FROM access_log l LEFT JOIN tokens t ON t.id = l.token_id
         LEFT JOIN sign_in_codes c ON c.id = l.token_id
       WHERE l.alliance_id = ?1
         AND (?2 IS NULL OR l.subject_id IN (${BY_APPLICANT_REFERENCE})
           OR l.subject_id IN (${BY_PERSON_REFERENCE}))
         AND (?3 IS NULL OR l.what = ?3)
         AND (?4 IS NULL OR l.at >= ?4)
         AND (?5 IS NULL OR l.at < date(?5, '+1 day'))
         AND (?6 IS NULL OR l.id < ?6)
       ORDER BY l.id DESC LIMIT ?7`,
      [q.allianceId, q.reference, q.what, q.from, q.to, q.beforeId, q.limit],
    );
  }

  retentionPolicies() {
    return this.rows<{ allianceId: string; retentionYears: number; timeZone: string }>(
      `SELECT ids.id AS allianceId, coalesce(a.retention_years, 6) AS retentionYears,
         coalesce(a.time_zone, 'Europe/London') AS timeZone
       FROM (SELECT alliance_id AS id FROM applicants UNION SELECT alliance_id FROM people) ids
       LEFT JOIN alliances a ON a.id = ids.id ORDER BY ids.id`,
      [],
    );
  }

  retentionDue(allianceId: string, before: string, limit: number): Promise<RetentionCandidate[]> {
    return this.rows<RetentionCandidate>(
      `SELECT * FROM (
         SELECT 'applicant' AS kind, a.id, a.reference, ${APPLICANT_LAST} AS lastActivityOn
         FROM applicants a WHERE a.alliance_id = ?1 AND a.erased_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM applications p WHERE p.applicant_id = a.id
                           AND p.status IN ('received', 'deferred'))
         UNION ALL
         SELECT 'person', p.id, p.reference, ${PERSON_LAST}
         FROM people p WHERE p.alliance_id = ?1 AND p.erased_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM budgets b WHERE b.holder_id = p.id AND b.status = 'open')
           AND NOT EXISTS (SELECT 1 FROM budget_parties bp JOIN budgets b ON b.id = bp.budget_id
                           WHERE bp.person_id = p.id AND bp.removed_at IS NULL AND b.status = 'open')
       ) WHERE lastActivityOn < ?2 ORDER BY lastActivityOn, id LIMIT ?3`,
      [allianceId, before, limit],
    );
  }
}
