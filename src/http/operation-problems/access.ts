import type { ProblemCode } from '../../core/problem-codes.js';

/** Sign-in codes and the access log: their own refusals (see index.ts). */
export const ACCESS_PROBLEMS: Record<string, readonly ProblemCode[]> = {
  'POST /v1/sign-in-codes': ['holder_required', 'invalid_days', 'invalid_person', 'invalid_role'],
  'GET /v1/sign-in-codes/{id}': ['sign_in_code_not_found'],
  'POST /v1/sign-in-codes/{id}/reissue': ['sign_in_code_not_found'],
  'POST /v1/sign-in-codes/{id}/withdraw': ['sign_in_code_not_found'],
  'GET /v1/access-log': ['invalid_limit'],
};
