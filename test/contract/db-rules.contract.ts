import { beforeAll, describe, expect, it } from 'vitest';
import type { Statement } from '../../src/store/sqlite-store.js';
import { budgetsFixture } from './budgets-helpers.js';
import { rawEntry } from './dates.contract.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

/**
 * Every rule the books depend on, proven to be the database's own: each case writes straight to
 * the store (hand-written SQL in one batch, past every check of the core) and must be refused
 * with that rule's own message. Disabling any one trigger clause or CHECK fails its case.
 * `RULE_CASES` names the trigger (or constraint) and message of each; the Node suite checks that
 * every RAISE in drizzle/*.sql and every money CHECK is in it.
 */
export interface World {
  alliance: string;
  other: string;
  now: string;
  members: string[];
  app1: string; // awarded (follow-up due 2026-05-10, overdue by the 2026-05-20 sitting)
  app2: string; // awaiting a decision, same applicant
  award1: string;
  decision1: string;
  entry1: string; // the first receipt's entry
  receipt1: string;
  disbursement1: string;
  return1: string;
  cancelledAward: string;
  sittings: { s0: string; s1: string; s2: string; small: string; minority: string };
  budget: string;
  closedBudget: string;
  spend: string;
  narrowBudget: string; // on a stream allowing only travel from Bus Co
  pool: string;
  leftBudget: string;
  purchase: string;
  reservedStream: string;
  reservedBudget: string; // 100.00 on a stream reserving 80.00 for health; 10.00 pooled
  reserveDraw: string; // the entry id of that pool contribution's reserve draw
}

export interface RuleCase {
  /** The trigger (or CHECK constraint) whose clause this provokes. */
  rule: string;
  message: string;
  sql: (w: World) => Statement[];
}

const one = (sql: string, ...params: unknown[]): Statement[] => [{ sql, params }];

/** One row of the access log, for the cases that try to change or remove it. */
const accessRow = (alliance: string): Statement[] =>
  one(
    "INSERT INTO access_log (alliance_id, at, token_id, role, method, route, what, subject_id, request_id) VALUES (?, '2026-05-01T00:00:00.000Z', 'tok_rule', 'coordinator', 'GET', '/v1/x', 'applicant', NULL, 'req_rule')",
    alliance,
  );

/** A sign-in code for a panel member, used at `usedAt` (or not yet). */
const signInCode = (alliance: string, usedAt: string | null): Statement[] =>
  one(
    "INSERT INTO sign_in_codes (id, code_hash, alliance_id, role, person_name, issued_by, created_at, expires_at, used_at) VALUES ('sic_rule', 'h_rule', ?, 'panel', 'A panel member', 'tok_rule', '2026-05-01T00:00:00.000Z', '2026-05-08T00:00:00.000Z', ?)",
    alliance,
    usedAt,
  );

/** One reminder in the outbox, already settled as `status`, for the cases that try to rewrite it. */
const reminderRow = (alliance: string, status: string): Statement[] =>
  one(
    "INSERT INTO reminders (id, alliance_id, dedupe_key, kind, subject_id, template_vars, decided_at, status) VALUES ('rem_rule', ?, 'follow_up_due:rule', 'follow_up_due', 'apl_rule', '{}', '2026-05-01T00:00:00.000Z', ?)",
    alliance,
    status,
  );

/** A checkpoint row as raw SQL: `ok` 1 claims the entry at `seq` has `hash`. */
function checkpointRow(seq: number, hash: string, ok: 0 | 1) {
  return {
    sql: "INSERT INTO ledger_checkpoints (kind, phase, from_seq, through_seq, through_hash, chain_ok, ok, tallies, checked_at, checked_by) VALUES ('incremental', 'done', 0, ?, ?, ?, ?, '{}', '2026-05-30T00:00:00.000Z', 'tok_rule')",
    params: [seq, hash, ok, ok],
  };
}

export const RULE_CASES: RuleCase[] = [
  // drizzle/0014: the reminders outbox, recorded once.
  {
    rule: 'reminders_recorded_once',
    message: 'reminder_settled',
    sql: (w) => [
      ...reminderRow(w.alliance, 'sent'),
      { sql: "UPDATE reminders SET status = 'waiting' WHERE id = 'rem_rule'", params: [] },
    ],
  },
  {
    rule: 'reminders_fixed_facts',
    message: 'append_only',
    sql: (w) => [
      ...reminderRow(w.alliance, 'waiting'),
      { sql: "UPDATE reminders SET subject_id = 'apl_other' WHERE id = 'rem_rule'", params: [] },
    ],
  },
  {
    rule: 'reminders_no_delete',
    message: 'append_only',
    sql: (w) => [
      ...reminderRow(w.alliance, 'waiting'),
      { sql: "DELETE FROM reminders WHERE id = 'rem_rule'", params: [] },
    ],
  },
  // drizzle/0023: verification checkpoints.
  {
    rule: 'ledger_checkpoints_seal',
    message: 'checkpoint_mismatch',
    sql: () => [checkpointRow(1, 'f'.repeat(64), 1)],
  },
  {
    rule: 'ledger_checkpoints_no_update',
    message: 'append_only',
    sql: () => [
      checkpointRow(1, 'f'.repeat(64), 0),
      {
        sql: 'UPDATE ledger_checkpoints SET ok = 1 WHERE through_hash = ?',
        params: ['f'.repeat(64)],
      },
    ],
  },
  {
    rule: 'ledger_checkpoints_no_delete',
    message: 'append_only',
    sql: () => [
      checkpointRow(1, 'f'.repeat(64), 0),
      { sql: 'DELETE FROM ledger_checkpoints WHERE through_hash = ?', params: ['f'.repeat(64)] },
    ],
  },
  // drizzle/0001: the ledger.
  {
    rule: 'postings_only_before_seal',
    message: 'append_only',
    sql: (w) =>
      one(
        "INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES (?, 9, (SELECT id FROM accounts WHERE code = ?), 1, '2026-04-01')",
        w.entry1,
        `alliance:${w.alliance}:bank`,
      ),
  },
  {
    rule: 'postings_no_update',
    message: 'append_only',
    sql: (w) =>
      one('UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = ?', w.entry1),
  },
  {
    rule: 'postings_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM postings WHERE entry_id = ?', w.entry1),
  },
  {
    rule: 'entries_seal',
    message: 'chain_conflict',
    sql: (w) =>
      rawEntry(w.alliance, '2026-05-30', w.now, bankFund(w, 100), { prevHash: 'f'.repeat(64) }),
  },
  {
    rule: 'entries_seal',
    message: 'entry_unbalanced',
    sql: (w) =>
      rawEntry(w.alliance, '2026-05-30', w.now, [
        [`alliance:${w.alliance}:bank`, 100],
        [`alliance:${w.alliance}:fund:sparks`, -99],
      ]),
  },
  {
    rule: 'entries_seal',
    message: 'entry_unbalanced',
    sql: (w) => rawEntry(w.alliance, '2026-05-30', w.now, bankFund(w, 100), { postingCount: 3 }),
  },
  {
    rule: 'entries_seal',
    message: 'entry_unbalanced',
    sql: (w) =>
      rawEntry(w.alliance, '2026-05-30', w.now, bankFund(w, 100), { postingDate: '2026-05-29' }),
  },
  {
    rule: 'entries_seal',
    message: 'cross_alliance',
    sql: (w) => [
      {
        sql: "INSERT INTO accounts (code, type, normal_side, allow_negative, alliance_id, created_at) VALUES (?, 'asset', 'debit', 0, ?, ?)",
        params: [`alliance:${w.other}:bank`, w.other, w.now],
      },
      ...rawEntry(w.alliance, '2026-05-30', w.now, [
        [`alliance:${w.other}:bank`, 100],
        [`alliance:${w.alliance}:fund:sparks`, -100],
      ]),
    ],
  },
  {
    // Unbalanced and across alliances at once: judged unbalanced first, as the seal always did
    // (drizzle/0029 checks both in one pass of the postings).
    rule: 'entries_seal',
    message: 'entry_unbalanced',
    sql: (w) => [
      {
        sql: "INSERT INTO accounts (code, type, normal_side, allow_negative, alliance_id, created_at) VALUES (?, 'asset', 'debit', 0, ?, ?)",
        params: [`alliance:${w.other}:bank2`, w.other, w.now],
      },
      ...rawEntry(w.alliance, '2026-05-30', w.now, [
        [`alliance:${w.other}:bank2`, 100],
        [`alliance:${w.alliance}:fund:sparks`, -99],
      ]),
    ],
  },
  {
    rule: 'entries_seal',
    message: 'reversal_mismatch',
    sql: (w) => rawEntry(w.alliance, '2026-05-30', w.now, bankFund(w, -50), { reverses: w.entry1 }),
  },
  {
    rule: 'entries_no_update',
    message: 'append_only',
    sql: (w) => one("UPDATE entries SET description = 'changed' WHERE id = ?", w.entry1),
  },
  {
    rule: 'entries_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM entries WHERE id = ?', w.entry1),
  },
  {
    rule: 'accounts_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM accounts WHERE code = ?', `alliance:${w.alliance}:bank`),
  },
  {
    rule: 'accounts_fixed_identity',
    message: 'append_only',
    sql: (w) =>
      one('UPDATE accounts SET allow_negative = 1 WHERE code = ?', `alliance:${w.alliance}:bank`),
  },
  {
    rule: 'entries_description_erased_only',
    message: 'append_only',
    sql: (w) => one("UPDATE entries SET description = 'changed' WHERE id = ?", w.entry1),
  },
  {
    rule: 'access_log_no_update',
    message: 'append_only',
    sql: (w) => [
      ...accessRow(w.alliance),
      { sql: "UPDATE access_log SET what = 'changed' WHERE request_id = 'req_rule'", params: [] },
    ],
  },
  {
    rule: 'access_log_no_delete',
    message: 'append_only',
    sql: (w) => [
      ...accessRow(w.alliance),
      { sql: "DELETE FROM access_log WHERE request_id = 'req_rule'", params: [] },
    ],
  },
  {
    rule: 'sign_in_codes_single_use',
    message: 'sign_in_code_spent',
    sql: (w) => [
      ...signInCode(w.alliance, '2026-05-02T00:00:00.000Z'),
      {
        sql: "UPDATE sign_in_codes SET used_at = '2026-05-03T00:00:00.000Z' WHERE id = 'sic_rule'",
        params: [],
      },
    ],
  },
  {
    rule: 'sessions_from_a_fresh_code',
    message: 'sign_in_code_spent',
    sql: (w) => [
      ...signInCode(w.alliance, null),
      {
        sql: "INSERT INTO sessions (id, secret_hash, alliance_id, role, code_id, created_at, expires_at) VALUES ('ses_rule', 'h', ?, 'panel', 'sic_rule', '2026-05-02T00:00:00.000Z', '2026-05-02T12:00:00.000Z')",
        params: [w.alliance],
      },
    ],
  },
  {
    rule: 'sessions_from_a_good_token',
    message: 'sign_in_code_spent',
    sql: (w) =>
      one(
        "INSERT INTO sessions (id, secret_hash, alliance_id, role, token_id, created_at, expires_at) VALUES ('ses_rule', 'h', ?, 'panel', 'tok_unknown', '2026-05-02T00:00:00.000Z', '2026-05-02T12:00:00.000Z')",
        w.alliance,
      ),
  },
  {
    rule: 'idempotency_keys_no_update',
    message: 'append_only',
    sql: (w) => one('UPDATE idempotency_keys SET status = 200 WHERE alliance_id = ?', w.alliance),
  },
  {
    rule: 'balance_rule',
    message: 'CHECK constraint failed: balance_rule',
    sql: (w) => rawEntry(w.alliance, w.now.slice(0, 10), w.now, bankFund(w, -5_000_000)),
  },
  {
    // 2,000.00 out of the bank (which holds less) in four lines of 500.00: each line alone would
    // fit, so only a balance moved by the sum of all of an account's lines in the entry refuses.
    rule: 'balance_rule',
    message: 'CHECK constraint failed: balance_rule',
    sql: (w) =>
      rawEntry(w.alliance, w.now.slice(0, 10), w.now, [
        ...bankFund(w, -50_000),
        ...bankFund(w, -50_000),
        ...bankFund(w, -50_000),
        ...bankFund(w, -50_000),
      ]),
  },
  {
    rule: 'amount_not_zero',
    message: 'CHECK constraint failed: amount_not_zero',
    sql: (w) =>
      rawEntry(w.alliance, '2026-05-30', w.now, [
        [`alliance:${w.alliance}:bank`, 0],
        [`alliance:${w.alliance}:fund:sparks`, 0],
      ]),
  },

  // drizzle/0003: Small Sparks.
  decision('not_awaiting_decision', (w) => [w.app1, w.sittings.s1, '2026-05-02', 4, 3, 5000]),
  decision('sitting_not_found', (w) => [w.app2, 'sit_none', '2026-05-02', 4, 3, 5000]),
  decision('decided_before_received', (w) => [w.app2, w.sittings.s0, '2026-04-20', 4, 3, 5000]),
  decision('decision_counts_mismatch', (w) => [w.app2, w.sittings.s1, '2026-05-02', 9, 3, 5000]),
  decision('not_quorate', (w) => [w.app2, w.sittings.small, '2026-05-02', 2, 2, 5000]),
  decision('lived_experience_minority', (w) => [
    w.app2,
    w.sittings.minority,
    '2026-05-02',
    3,
    1,
    5000,
  ]),
  decision('amount_out_of_range', (w) => [w.app2, w.sittings.s1, '2026-05-02', 4, 3, 999_999]),
  decision('amount_out_of_range', (w) => [w.app2, w.sittings.s1, '2026-05-02', 4, 3, 1]),
  decision('applicant_overdue_follow_up', (w) => [w.app2, w.sittings.s2, '2026-05-20', 4, 3, 5000]),
  {
    rule: 'decisions_no_update',
    message: 'append_only',
    sql: (w) => one("UPDATE decisions SET reason = 'x' WHERE id = ?", w.decision1),
  },
  {
    rule: 'decisions_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM decisions WHERE id = ?', w.decision1),
  },
  {
    rule: 'applications_status_flow',
    message: 'not_awaiting_decision',
    sql: (w) => one("UPDATE applications SET status = 'received' WHERE id = ?", w.app1),
  },
  {
    rule: 'applications_fixed_facts',
    message: 'append_only',
    sql: (w) => one('UPDATE applications SET amount_asked_minor = 1 WHERE id = ?', w.app2),
  },
  {
    rule: 'applications_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM applications WHERE id = ?', w.app2),
  },
  {
    rule: 'awards_rules',
    message: 'award_without_decision',
    sql: (w) =>
      one(
        "INSERT INTO awards (id, alliance_id, application_id, applicant_id, decision_id, amount_minor, purpose, domain, awarded_on, entry_id, created_at) SELECT 'awd_raw', alliance_id, id, applicant_id, 'dec_none', 5000, 'x', domain, '2026-05-02', 'ent_none', ? FROM applications WHERE id = ?",
        w.now,
        w.app2,
      ),
  },
  {
    rule: 'awards_cancel_once',
    message: 'already_cancelled',
    sql: (w) => one("UPDATE awards SET cancelled_on = '2026-05-31' WHERE id = ?", w.cancelledAward),
  },
  {
    rule: 'awards_fixed_facts',
    message: 'append_only',
    sql: (w) => one('UPDATE awards SET amount_minor = 1 WHERE id = ?', w.award1),
  },
  {
    rule: 'awards_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM awards WHERE id = ?', w.award1),
  },
  disbursement('disbursements_rules', 'award_cancelled', (w) => [w.cancelledAward, 100]),
  disbursement('disbursement_positive', 'CHECK constraint failed: disbursement_positive', (w) => [
    w.award1,
    0,
  ]),
  {
    rule: 'disbursements_no_update',
    message: 'append_only',
    sql: (w) => one('UPDATE disbursements SET amount_minor = 1 WHERE id = ?', w.disbursement1),
  },
  {
    rule: 'disbursements_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM disbursements WHERE id = ?', w.disbursement1),
  },
  grantReturn('grant_returns_rules', 'return_exceeds_paid', (w) => [w.award1, 1501]),
  grantReturn('return_positive', 'CHECK constraint failed: return_positive', (w) => [w.award1, 0]),
  {
    rule: 'grant_returns_no_update',
    message: 'append_only',
    sql: (w) => one('UPDATE grant_returns SET amount_minor = 1 WHERE id = ?', w.return1),
  },
  {
    rule: 'grant_returns_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM grant_returns WHERE id = ?', w.return1),
  },
  {
    rule: 'receipts_no_update',
    message: 'append_only',
    sql: (w) => one('UPDATE receipts SET amount_minor = 1 WHERE id = ?', w.receipt1),
  },
  {
    rule: 'receipts_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM receipts WHERE id = ?', w.receipt1),
  },
  {
    rule: 'follow_ups_close_once',
    message: 'follow_up_closed',
    sql: (w) => one("UPDATE follow_ups SET status = 'overdue' WHERE award_id = ?", w.award1),
  },
  {
    rule: 'follow_ups_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM follow_ups WHERE award_id = ?', w.award1),
  },
  // drizzle/0019: panel members retire once and sit no more; follow-ups move only later.
  {
    rule: 'panel_members_retire_once',
    message: 'panel_member_retired',
    sql: (w) => [
      ...one("UPDATE panel_members SET retired_on = '2026-05-01' WHERE id = ?", w.members[4]),
      ...one("UPDATE panel_members SET retired_on = '2026-05-02' WHERE id = ?", w.members[4]),
    ],
  },
  {
    rule: 'sitting_members_not_retired',
    message: 'panel_member_retired',
    sql: (w) => [
      ...one("UPDATE panel_members SET retired_on = '2026-05-01' WHERE id = ?", w.members[4]),
      ...one(
        "INSERT INTO sittings (id, alliance_id, held_on, recorded_by, created_at) VALUES ('sit_rule', ?, '2026-05-02', 'tok_rule', '2026-05-02T00:00:00.000Z')",
        w.alliance,
      ),
      ...one(
        "INSERT INTO sitting_members (sitting_id, member_id, lived_experience) VALUES ('sit_rule', ?, 0)",
        w.members[4],
      ),
    ],
  },
  {
    rule: 'follow_ups_extend_later',
    message: 'follow_up_not_extendable',
    sql: (w) => one("UPDATE follow_ups SET due_on = '2026-01-01' WHERE award_id = ?", w.award1),
  },
  {
    rule: 'sitting_members_frozen',
    message: 'sitting_has_decisions',
    sql: (w) =>
      one(
        'INSERT INTO sitting_members (sitting_id, member_id, lived_experience) VALUES (?, ?, 0)',
        w.sittings.s1,
        w.members[4],
      ),
  },
  {
    rule: 'conflicts_before_decision',
    message: 'already_decided_at_sitting',
    sql: (w) =>
      one(
        'INSERT INTO conflicts (sitting_id, application_id, member_id, declared_at) VALUES (?, ?, ?, ?)',
        w.sittings.s1,
        w.app1,
        w.members[0],
        w.now,
      ),
  },
  {
    rule: 'amount_asked_positive',
    message: 'CHECK constraint failed: amount_asked_positive',
    sql: (w) =>
      one(
        "INSERT INTO applications (id, alliance_id, applicant_id, amount_asked_minor, purpose, domain, received_on, status, recorded_by, created_at) SELECT 'app_raw', alliance_id, applicant_id, 0, 'x', domain, '2026-05-01', 'received', 'tok_raw', ? FROM applications WHERE id = ?",
        w.now,
        w.app2,
      ),
  },
  {
    rule: 'grant_limits',
    message: 'CHECK constraint failed: grant_limits',
    sql: (w) => one('UPDATE alliances SET grant_floor_minor = 0 WHERE id = ?', w.alliance),
  },

  // drizzle/0005: individual budgets.
  spend('budget_closed', (w) => [
    w.closedBudget,
    'Bus Co',
    'travel',
    500,
    '2026-05-10',
    'approved',
  ]),
  spend('outside_period', (w) => [w.budget, 'Bus Co', 'travel', 500, '2026-03-01', 'approved']),
  spend('category_forbidden', (w) => [
    w.budget,
    'Bus Co',
    'gambling',
    500,
    '2026-05-10',
    'approved',
  ]),
  spend('category_not_allowed', (w) => [
    w.narrowBudget,
    'Bus Co',
    'therapy',
    500,
    '2026-05-10',
    'approved',
  ]),
  spend('provider_not_allowed', (w) => [
    w.narrowBudget,
    'Taxi Ltd',
    'travel',
    500,
    '2026-05-10',
    'approved',
  ]),
  spend('approval_required', (w) => [
    w.budget,
    'Bus Co',
    'travel',
    20_000,
    '2026-05-10',
    'approved',
  ]),
  {
    ...spend('spend_positive', (w) => [w.budget, 'Bus Co', 'travel', 0, '2026-05-10', 'approved']),
    rule: 'spend_positive',
    message: 'CHECK constraint failed: spend_positive',
  },
  {
    rule: 'spends_status_flow',
    message: 'spend_not_pending',
    sql: (w) => one("UPDATE spends SET status = 'pending' WHERE id = ?", w.spend),
  },
  {
    rule: 'spends_fixed_facts',
    message: 'append_only',
    sql: (w) => one('UPDATE spends SET amount_minor = 1 WHERE id = ?', w.spend),
  },
  {
    rule: 'spends_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM spends WHERE id = ?', w.spend),
  },
  {
    rule: 'budgets_close_once',
    message: 'budget_closed',
    sql: (w) => one("UPDATE budgets SET status = 'open' WHERE id = ?", w.closedBudget),
  },
  {
    rule: 'budgets_fixed_facts',
    message: 'append_only',
    sql: (w) => one("UPDATE budgets SET period_end = '2030-01-01' WHERE id = ?", w.budget),
  },
  {
    rule: 'budgets_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM budgets WHERE id = ?', w.budget),
  },
  {
    rule: 'pool_members_open_budget',
    message: 'budget_closed',
    sql: (w) =>
      one(
        'INSERT INTO pool_members (pool_id, budget_id, joined_seq, joined_at) VALUES (?, ?, 1, ?)',
        w.pool,
        w.closedBudget,
        w.now,
      ),
  },
  {
    rule: 'pool_members_leave_once',
    message: 'not_a_member',
    sql: (w) =>
      one(
        'UPDATE pool_members SET left_at = ? WHERE pool_id = ? AND budget_id = ?',
        w.now,
        w.pool,
        w.leftBudget,
      ),
  },
  {
    rule: 'pool_purchases_no_update',
    message: 'append_only',
    sql: (w) => one('UPDATE pool_purchases SET amount_minor = 1 WHERE id = ?', w.purchase),
  },
  {
    rule: 'pool_purchases_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM pool_purchases WHERE id = ?', w.purchase),
  },
  {
    rule: 'budget_period',
    message: 'CHECK constraint failed: budget_period',
    sql: (w) =>
      one(
        "INSERT INTO budgets (id, alliance_id, stream_id, holder_id, period_start, period_end, control_mode, status, created_at) SELECT 'bud_raw', alliance_id, stream_id, holder_id, '2027-01-01', '2026-01-01', 'self', 'open', ? FROM budgets WHERE id = ?",
        w.now,
        w.budget,
      ),
  },

  // drizzle/0013: the guaranteed minimum (a stream's reserve).
  {
    rule: 'spends_reserve',
    message: 'reserve_protected',
    sql: (w) =>
      spend('', () => [w.reservedBudget, 'Bus Co', 'travel', 1_500, '2026-05-10', 'approved']).sql(
        w,
      ),
  },
  {
    rule: 'budget_reserve_draws_check',
    message: 'reserve_protected',
    sql: (w) =>
      one(
        "INSERT INTO budget_reserve_draws (entry_id, budget_id, amount_minor, reason, created_at) VALUES ('ent_raw', ?, 1500, 'pool_contribution', ?)",
        w.reservedBudget,
        w.now,
      ),
  },
  {
    rule: 'reserve_draw_positive',
    message: 'CHECK constraint failed: reserve_draw_positive',
    sql: (w) =>
      one(
        "INSERT INTO budget_reserve_draws (entry_id, budget_id, amount_minor, reason, created_at) VALUES ('ent_raw', ?, 0, 'pool_contribution', ?)",
        w.reservedBudget,
        w.now,
      ),
  },
  {
    rule: 'budget_reserve_draws_no_update',
    message: 'append_only',
    sql: (w) =>
      one('UPDATE budget_reserve_draws SET amount_minor = 1 WHERE entry_id = ?', w.reserveDraw),
  },
  {
    rule: 'budget_reserve_draws_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM budget_reserve_draws WHERE entry_id = ?', w.reserveDraw),
  },
  {
    rule: 'streams_reserve_fixed',
    message: 'append_only',
    sql: (w) => one('UPDATE streams SET reserve_minor = 0 WHERE id = ?', w.reservedStream),
  },

  // drizzle/0009: dates and closing the books.
  {
    rule: 'entries_dates',
    message: 'future_date',
    sql: (w) => rawEntry(w.alliance, '2026-06-03', w.now, bankFund(w, 100)),
  },
  {
    rule: 'entries_dates',
    message: 'period_closed',
    sql: (w) => rawEntry(w.alliance, '2026-04-10', w.now, bankFund(w, 100)),
  },
  {
    // 11.00 out of the bank and the fund on 2026-04-20 leaves the fund 1.00 short then, though
    // the receipt of 2026-05-20 covers it today: only the rule at every date refuses it.
    rule: 'entries_balance_every_date',
    message: 'balance_rule_at_date',
    sql: (w) => rawEntry(w.alliance, '2026-04-20', w.now, bankFund(w, -101_100)),
  },
  {
    // 960.00 out on 2026-04-20 fits that day (the fund then holds 1,010.00) and today, but not
    // after the awards of 2026-05-02 (100.00 out): the rule holds at every later date too.
    rule: 'entries_balance_every_date',
    message: 'balance_rule_at_date',
    sql: (w) => rawEntry(w.alliance, '2026-04-20', w.now, bankFund(w, -96_000)),
  },
  {
    // The first case's 11.00 drawn from the fund in two lines: the rule sums the entry's lines on
    // each account, whichever line it reaches the account by (drizzle/0029 reads them joined).
    rule: 'entries_balance_every_date',
    message: 'balance_rule_at_date',
    sql: (w) =>
      rawEntry(w.alliance, '2026-04-20', w.now, [
        [`alliance:${w.alliance}:bank`, -101_100],
        [`alliance:${w.alliance}:fund:sparks`, 50_000],
        [`alliance:${w.alliance}:fund:sparks`, 51_100],
      ]),
  },
  {
    rule: 'period_closings_forward',
    message: 'lock_not_forward',
    sql: (w) => closing(w, '2026-04-15'),
  },
  {
    rule: 'period_closings_forward',
    message: 'future_date',
    sql: (w) => closing(w, '2026-07-01'),
  },
  {
    rule: 'period_closings_no_update',
    message: 'append_only',
    sql: (w) =>
      one(
        "UPDATE period_closings SET closed_through = '2026-04-01' WHERE alliance_id = ?",
        w.alliance,
      ),
  },
  {
    rule: 'period_closings_no_delete',
    message: 'append_only',
    sql: (w) => one('DELETE FROM period_closings WHERE alliance_id = ?', w.alliance),
  },
  {
    rule: 'sittings_not_future',
    message: 'future_date',
    sql: (w) =>
      one(
        "INSERT INTO sittings (id, alliance_id, held_on, recorded_by, created_at) VALUES ('sit_raw', ?, '2026-06-05', 'tok_raw', ?)",
        w.alliance,
        w.now,
      ),
  },
  {
    rule: 'follow_ups_not_future',
    message: 'future_date',
    sql: (w) =>
      one(
        "UPDATE follow_ups SET status = 'heard', heard_on = '2026-06-09', updated_at = ? WHERE award_id = ?",
        w.now,
        w.award1,
      ),
  },
];

/** bank +amount, fund -amount (money in when positive). */
function bankFund(w: World, amount: number): [string, number][] {
  return [
    [`alliance:${w.alliance}:bank`, amount],
    [`alliance:${w.alliance}:fund:sparks`, -amount],
  ];
}

function decision(
  message: string,
  args: (w: World) => [string, string, string, number, number, number],
): RuleCase {
  return {
    rule: 'decisions_rules',
    message,
    sql: (w) => {
      const [app, sitting, on, deciding, lived, amount] = args(w);
      return one(
        "INSERT INTO decisions (id, alliance_id, application_id, sitting_id, outcome, amount_minor, decided_on, decided_by, deciding_members, lived_experience_members, created_at) VALUES ('dec_raw', ?, ?, ?, 'award', ?, ?, 'tok_raw', ?, ?, ?)",
        w.alliance,
        app,
        sitting,
        amount,
        on,
        deciding,
        lived,
        w.now,
      );
    },
  };
}

function disbursement(
  rule: string,
  message: string,
  args: (w: World) => [string, number],
): RuleCase {
  return {
    rule,
    message,
    sql: (w) => {
      const [award, amount] = args(w);
      return one(
        "INSERT INTO disbursements (id, award_id, alliance_id, method, amount_minor, paid_on, entry_id, recorded_by, created_at) VALUES ('dsb_raw', ?, ?, 'cash', ?, '2026-05-30', 'ent_none', 'tok_raw', ?)",
        award,
        w.alliance,
        amount,
        w.now,
      );
    },
  };
}

function grantReturn(rule: string, message: string, args: (w: World) => [string, number]) {
  return {
    rule,
    message,
    sql: (w: World) => {
      const [award, amount] = args(w);
      return one(
        "INSERT INTO grant_returns (id, award_id, alliance_id, amount_minor, returned_on, entry_id, recorded_by, created_at) VALUES ('ret_raw', ?, ?, ?, '2026-05-30', 'ent_none', 'tok_raw', ?)",
        award,
        w.alliance,
        amount,
        w.now,
      );
    },
  };
}

function spend(
  message: string,
  args: (w: World) => [string, string, string, number, string, string],
): RuleCase {
  return {
    rule: 'spends_rules',
    message,
    sql: (w) => {
      const [budget, provider, category, amount, on, status] = args(w);
      return one(
        "INSERT INTO spends (id, budget_id, alliance_id, provider, category, amount_minor, spent_on, description, status, needs_approval, requested_by, created_at) VALUES ('spd_raw', ?, ?, ?, ?, ?, ?, 'x', ?, 0, 'tok_raw', ?)",
        budget,
        w.alliance,
        provider,
        category,
        amount,
        on,
        status,
        w.now,
      );
    },
  };
}

function closing(w: World, through: string): Statement[] {
  return one(
    "INSERT INTO period_closings (id, alliance_id, closed_through, closed_by, closed_at) VALUES ('cls_raw', ?, ?, 'tok_raw', ?)",
    w.alliance,
    through,
    w.now,
  );
}

/** Builds, through the API, one alliance with something in every table a rule guards. */
async function buildWorld(h: Harness): Promise<World> {
  const f = await sparksFixture(h);
  const now = '2026-06-01T10:00:00.000Z';
  const receipt = await f.ok('POST', 'receipts', {
    funder: 'Council',
    amount: '1000.00',
    receivedOn: '2026-04-01',
  });
  await f.ok('POST', 'receipts', { funder: 'Lottery', amount: '500.00', receivedOn: '2026-05-20' });
  const applicant = await f.applicant();
  const app1 = await f.application(applicant, '60.00', '2026-05-01');
  const app2 = await f.application(applicant, '50.00', '2026-05-01');
  const app3 = await f.application(await f.applicant(), '40.00', '2026-05-01');
  const s0 = await f.sitting('2026-04-20');
  const s1 = await f.sitting('2026-05-02');
  const s2 = await f.sitting('2026-05-20');
  const small = await f.sitting('2026-05-02', f.members.slice(0, 2));
  const minority = await f.sitting('2026-05-02', [f.members[0]!, f.members[3]!, f.members[4]!]);
  const decided = await body(
    await f.decide(app1, s1, {
      outcome: 'award',
      amount: '60.00',
      purpose: 'Bus pass',
      followUpDue: '2026-05-10',
    }),
  );
  const third = await body(
    await f.decide(app3, s1, { outcome: 'award', amount: '40.00', purpose: 'Boots' }),
  );
  await f.ok('POST', `awards/${third.award.id}/cancellation`, { reason: 'Moved away' });
  const paid = await f.ok('POST', `awards/${decided.award.id}/disbursements`, {
    method: 'bank_transfer',
    amount: '20.00',
    paidOn: '2026-05-03',
  });
  const returned = await f.ok('POST', `awards/${decided.award.id}/returns`, {
    amount: '5.00',
    returnedOn: '2026-05-04',
  });

  const b = await budgetsFixture(h);
  const budget = await b.budget(b.people.holder.id, { allocate: '400.00' });
  const closedBudget = await b.budget(b.people.other.id, { allocate: '50.00' });
  const spent = await b.ok(
    'POST',
    `budgets/${budget}/spends`,
    {
      provider: 'Bus Co',
      category: 'travel',
      amount: '10.00',
      spentOn: '2026-05-01',
      description: 'Fares',
    },
    { token: b.people.holder.token },
  );
  const narrowStream = (
    await b.ok(
      'POST',
      'streams',
      {
        name: 'Travel only',
        extraCategories: ['travel', 'therapy'],
        allowedCategories: ['travel'],
        allowedProviders: ['Bus Co'],
        approvalLimit: '100.00',
        topSlicePercent: '0',
        periodEndRule: 'return',
      },
      { key: false },
    )
  ).id;
  const narrowBudget = await b.budget(b.people.supporter.id, { stream: narrowStream });
  const pool = (
    await b.ok(
      'POST',
      'pools',
      { name: 'Allotment group', coordinatorPersonId: b.people.holder.id, splitRule: 'pro_rata' },
      { key: false },
    )
  ).id;
  const leftBudget = await b.budget(b.people.supporter.id, { allocate: '100.00' });
  for (const [id, token] of [
    [budget, b.people.holder.token],
    [leftBudget, b.people.supporter.token],
  ] as const) {
    await b.ok('POST', `pools/${pool}/members`, { budgetId: id }, { token, key: false });
    await b.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: id, amount: '20.00', contributedOn: '2026-05-01' },
      { token },
    );
  }
  const purchase = await b.ok(
    'POST',
    `pools/${pool}/purchases`,
    {
      provider: 'Garden Centre',
      category: 'community',
      amount: '10.00',
      boughtOn: '2026-05-10',
      description: 'Seeds',
    },
    { token: b.people.holder.token },
  );
  await b.ok(
    'POST',
    `pools/${pool}/leaving`,
    { budgetId: leftBudget, leftOn: '2026-05-20' },
    { token: b.people.supporter.token },
  );
  const reservedStream = (
    await b.ok(
      'POST',
      'streams',
      {
        name: 'With a guaranteed minimum',
        extraCategories: ['travel'],
        approvalLimit: '100.00',
        topSlicePercent: '0',
        periodEndRule: 'return',
        reserve: '80.00',
        coreCategories: ['health'],
      },
      { key: false },
    )
  ).id;
  await b.ok('POST', `streams/${reservedStream}/funding`, {
    amount: '1000.00',
    receivedOn: '2026-04-01',
    funder: 'Council',
  });
  const reservedBudget = await b.budget(b.people.other.id, {
    stream: reservedStream,
    allocate: '100.00',
  });
  await b.ok(
    'POST',
    `pools/${pool}/members`,
    { budgetId: reservedBudget },
    { token: b.people.other.token, key: false },
  );
  const pooled = await b.ok(
    'POST',
    `pools/${pool}/contributions`,
    { budgetId: reservedBudget, amount: '10.00', contributedOn: '2026-05-01' },
    { token: b.people.other.token },
  );
  await b.ok('POST', `budgets/${closedBudget}/closure`, { closedOn: '2026-05-31' });
  const closed = await h.request('/v1/ledger/closings', {
    method: 'POST',
    token: f.coordinator,
    json: { closedThrough: '2026-04-15' },
  });
  expect(closed.status).toBe(201);

  return {
    alliance: f.alliance,
    other: h.otherAlliance,
    now,
    members: f.members,
    app1,
    app2,
    award1: decided.award.id,
    decision1: decided.decision.id,
    entry1: receipt.entryId,
    receipt1: receipt.id,
    disbursement1: paid.id,
    return1: returned.id,
    cancelledAward: third.award.id,
    sittings: { s0, s1, s2, small, minority },
    budget,
    closedBudget,
    spend: spent.id,
    narrowBudget,
    pool,
    leftBudget,
    purchase: purchase.id,
    reservedStream,
    reservedBudget,
    reserveDraw: pooled.entryId,
  };
}

export function dbRulesContract(make: () => Promise<Harness>) {
  describe('every database rule, provoked straight through the store', () => {
    let h: Harness;
    let w: World;
    beforeAll(async () => {
      h = await make();
      w = await buildWorld(h);
    }, 600_000);

    it.each(RULE_CASES.map((c) => [`${c.rule}: ${c.message}`, c] as const))(
      '%s',
      async (_name, c) => {
        const before = await h.store.chainHead();
        await expect(h.store.executeRaw(c.sql(w))).rejects.toThrow(c.message);
        expect(await h.store.chainHead()).toEqual(before);
      },
    );

    it('books still verify after every refusal', async () => {
      const coordinator = await h.token('coordinator', { alliance: w.alliance });
      const verify = await body(await h.request('/v1/ledger/verify', { token: coordinator }));
      expect(verify).toMatchObject({ ok: true, balanceMismatches: [] });
    });
  });
}
