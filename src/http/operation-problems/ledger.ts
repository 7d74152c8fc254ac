import type { ProblemCode } from '../../core/problem-codes.js';

/** Accounts, entries and the ledger's reports: their own refusals (see index.ts). */
export const LEDGER_PROBLEMS: Record<string, readonly ProblemCode[]> = {
  'POST /v1/accounts': [
    'account_code_taken',
    'account_exists_differently',
    'account_outside_alliance',
    'invalid_account_code',
    'invalid_account_type',
  ],
  'GET /v1/accounts/{code}/postings': ['invalid_cursor'],
  'POST /v1/entries': [
    'balance_rule_violated',
    'entry_unbalanced',
    'future_date',
    'invalid_date',
    'invalid_postings',
    'unknown_account',
  ],
  'POST /v1/entries/batch': [
    'balance_rule_violated',
    'batch_size',
    'entry_unbalanced',
    'future_date',
    'unknown_account',
  ],
  'GET /v1/entries/{id}': ['entry_not_found'],
  'POST /v1/entries/{id}/reversal': [
    'already_reversed',
    'balance_rule_violated',
    'cannot_reverse_reversal',
    'entry_not_found',
  ],
  'GET /v1/ledger/verify/full': ['invalid_cursor'],
  'POST /v1/ledger/closings': ['future_date', 'lock_not_forward'],
  'GET /v1/accounts/{code}/statement.pdf': ['invalid_period', 'statement_too_long'],
  'GET /v1/accounts/{code}/postings.csv': ['invalid_period'],
  'GET /v1/ledger/journal.hledger': ['invalid_period'],
};
