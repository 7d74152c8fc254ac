import type { ProblemCode } from '../../core/problem-codes.js';
import { ACCESS_PROBLEMS } from './access.js';
import { BUDGETS_PROBLEMS } from './budgets.js';
import { LEDGER_PROBLEMS } from './ledger.js';
import { SPARKS_PROBLEMS } from './sparks.js';

/**
 * Each operation's own refusals, keyed by method and path as /openapi.json names them (issue 16,
 * point 6). The codes every operation of a kind can send (a token refused, a field invalid, an
 * Idempotency-Key missing, a thing in the path not found) are worked out from the operation in
 * problem-document.ts and are not repeated here. First taken from the codes the contract suites
 * received, then from reading each use case; a code sent but not listed fails the suite that met
 * it (the harness validates every answer against the document).
 */
export const OPERATION_PROBLEMS: Record<string, readonly ProblemCode[]> = {
  ...LEDGER_PROBLEMS,
  ...SPARKS_PROBLEMS,
  ...BUDGETS_PROBLEMS,
  ...ACCESS_PROBLEMS,
};
