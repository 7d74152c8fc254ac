/**
 * Transport-neutral errors. The core throws these; one mapper at the HTTP edge turns each into
 * an application/problem+json response. `code` is stable and documented; `detail` is for people.
 *
 * How the kinds differ:
 * - `invalid`:      the request itself is wrong, whatever the state of the books (422).
 * - `not_found`:    the thing named does not exist, or the caller may not know it exists (404).
 * - `forbidden`:    the caller is known but their role or scope does not allow this (403).
 * - `conflict`:     the request is well formed but the current state refuses it: a balance rule,
 *                   an idempotency key reused with another body, an entry already reversed (409).
 * - `precondition`: a header the operation needs is missing or malformed, e.g. Idempotency-Key (400).
 */
import { PROBLEM_STATUS, type ProblemCode, type ProblemCodeWith } from './problem-codes.js';

export type { ProblemCode } from './problem-codes.js';

export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'precondition'
  | 'unauthenticated';

export interface FieldProblem {
  path: string;
  message: string;
}

export class KindlingError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = 'KindlingError';
  }
}

export const invalid = (code: ProblemCodeWith<422>, detail: string, fields: FieldProblem[] = []) =>
  new KindlingError('invalid', code, 'The request is not valid', detail, fields);

export const notFound = (code: ProblemCodeWith<404>, detail: string) =>
  new KindlingError('not_found', code, 'Not found', detail);

export const forbidden = (detail: string) =>
  new KindlingError('forbidden', 'forbidden', 'Not allowed', detail);

export const conflict = (
  code: ProblemCodeWith<409>,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
) => new KindlingError('conflict', code, title, detail, [], extra);

export const precondition = (code: ProblemCodeWith<400>, detail: string) =>
  new KindlingError('precondition', code, 'A required header is missing or malformed', detail);

export const unauthenticated = (detail: string) =>
  new KindlingError('unauthenticated', 'unauthenticated', 'Authentication required', detail);

const KIND_OF_STATUS: Partial<Record<number, ErrorKind>> = {
  422: 'invalid',
  404: 'not_found',
  403: 'forbidden',
  409: 'conflict',
  400: 'precondition',
  401: 'unauthenticated',
};

/**
 * A refusal whose kind follows from its code's status, for callers holding a code from a list
 * (the domain triggers' refusals). A 422 or 404 keeps the generic title its constructor gives.
 */
export function problemFor(
  code: ProblemCode,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): KindlingError {
  const kind = KIND_OF_STATUS[PROBLEM_STATUS[code]];
  if (!kind) throw new Error(`${code} is an edge code, not a refusal the core raises`);
  const generic =
    kind === 'invalid' ? 'The request is not valid' : kind === 'not_found' ? 'Not found' : title;
  return new KindlingError(kind, code, generic, detail, [], extra);
}
