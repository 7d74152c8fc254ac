import { PROBLEM_STATUS, type ProblemCode } from '../core/problem-codes.js';
import { OPERATION_PROBLEMS } from './operation-problems/index.js';

/**
 * Lists each operation's possible problem codes in /openapi.json (issue 16, point 6): per status,
 * the Problem schema with `code` narrowed to an `enum` of the codes that operation can send with
 * that status, and an example of one of them. The contract suites validate every answer against
 * the document, so a code an operation sends but does not list fails the test that met it.
 *
 * The codes come from two places: the ones every operation of a kind can send (worked out below
 * from the operation itself: a token, parameters, a JSON body, an Idempotency-Key), and the
 * operation's own refusals in operation-problems/, kept out of the route files.
 */

type Json = Record<string, unknown>;
type Operation = {
  security?: unknown[];
  parameters?: Json[];
  requestBody?: Json;
  responses?: Json;
};

/** What the outer layers can answer to any request; filed under the `default` answer. */
export const EDGE_CODES: readonly ProblemCode[] = [
  'request_timeout',
  'payload_too_large',
  'unsupported_charset',
  'header_too_large',
  'internal',
  'service_stopping',
  'storage_full',
  'storage_read_only',
  'storage_corrupt',
  'storage_busy',
  'storage_io',
  'storage_unavailable',
];

const STATUS_WORDS: Record<number, string> = {
  400: 'The request cannot be read as sent, or a required header is missing or malformed',
  401: 'Missing, unknown, expired or revoked token',
  403: 'The token’s role may not do this',
  404: 'Not found in your alliance',
  409: 'Refused by the current state of the books',
  422: 'The request is not valid; `errors` lists the fields',
};

/** A path parameter naming a thing: not found when there is none, or it is not the caller's. */
const NOT_FOUND_BY_PARAM: Record<string, ProblemCode> = {
  alliance: 'alliance_not_found',
  applicant: 'applicant_not_found',
  application: 'application_not_found',
  award: 'award_not_found',
  sitting: 'sitting_not_found',
  member: 'panel_member_not_found',
  budget: 'budget_not_found',
  spend: 'spend_not_found',
  pool: 'pool_not_found',
  person: 'person_not_found',
  stream: 'stream_not_found',
  code: 'account_not_found',
  subject: 'subject_not_found',
};

/** The codes an operation can send whatever it does, from what it takes. */
export function commonCodes(op: Operation): ProblemCode[] {
  const codes: ProblemCode[] = [];
  const params = op.parameters ?? [];
  if (op.security?.length) codes.push('unauthenticated', 'forbidden');
  for (const p of params.filter((p) => p.in === 'path')) {
    // A value the router cannot place (an encoded slash, say) answers route_not_found.
    codes.push('route_not_found');
    const code = NOT_FOUND_BY_PARAM[String(p.name)];
    if (code) codes.push(code);
  }
  if (params.length || op.requestBody) codes.push('validation_failed');
  // A date in the query is read as a real day of the calendar, not only as YYYY-MM-DD.
  if (params.some((p) => p.in === 'query' && ['from', 'to', 'asOf'].includes(String(p.name))))
    codes.push('invalid_date');
  // A paged list refuses a cursor it did not give out.
  if (params.some((p) => p.in === 'query' && p.name === 'after')) codes.push('cursor_invalid');
  if (op.requestBody)
    codes.push('malformed_json', 'bad_request', 'duplicate_json_key', 'invalid_text');
  const key = params.find((p) => p.in === 'header' && p.name === 'idempotency-key');
  if (key) {
    codes.push('idempotency_key_invalid', 'idempotency_key_reused');
    if (key.required) codes.push('idempotency_key_required');
  }
  return codes;
}

export const problemSchema = (codes: readonly ProblemCode[]) => ({
  allOf: [
    { $ref: '#/components/schemas/Problem' },
    { type: 'object', properties: { code: { enum: [...codes] } }, required: ['code'] },
  ],
});

const example = (code: ProblemCode, status: number) => ({
  type: `urn:kindling:problem:${code}`,
  title: STATUS_WORDS[status] ?? 'The request was refused',
  status,
  detail: `Refused with the code ${code}. Nothing was written.`,
  code,
  requestId: 'req_01jd3k7x2m8q',
});

function byStatus(codes: Iterable<ProblemCode>): Map<number, ProblemCode[]> {
  const out = new Map<number, ProblemCode[]>();
  for (const code of new Set(codes)) {
    const status = PROBLEM_STATUS[code];
    out.set(status, [...(out.get(status) ?? []), code]);
  }
  return out;
}

/** Rewrites every operation's problem answers from its codes; call before withDefaultProblem. */
export function withProblemCodes<D extends { paths?: object }>(doc: D): D {
  for (const [path, methods] of Object.entries(doc.paths ?? {}) as [string, Json][])
    for (const [method, value] of Object.entries(methods)) {
      const op = value as Operation;
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const responses = op.responses as Json;
      const own = OPERATION_PROBLEMS[`${method.toUpperCase()} ${path}`] ?? [];
      const listed = byStatus([...commonCodes(op), ...own]);
      for (const status of Object.keys(responses))
        if (/^[45]\d\d$/.test(status) && !listed.has(Number(status))) delete responses[status];
      for (const [status, codes] of listed) {
        const words = (responses[status] as Json | undefined)?.description;
        responses[status] = {
          description: words ?? STATUS_WORDS[status] ?? 'Problem',
          content: {
            'application/problem+json': {
              schema: problemSchema(codes),
              example: example(codes[codes.length - 1]!, status),
            },
          },
        };
      }
      responses.default = {
        description:
          'Any other refusal: 408, 413 body too large, 415 not UTF-8, 431 headers too large, 503 ' +
          'the service stopping or a storage fault (Retry-After where waiting helps), 500 internal',
        content: {
          'application/problem+json': {
            schema: problemSchema(EDGE_CODES),
            example: example('storage_busy', 503),
          },
        },
      };
    }
  return doc;
}
