import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { KindlingError, type ErrorKind, type ProblemCode } from '../core/errors.js';
import { consoleJsonLogger, type Logger } from './log.js';
import { storageFault } from './storage-fault.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  precondition: 400,
  unauthenticated: 401,
};

export const PROBLEM_TYPE_PREFIX = 'urn:kindling:problem:';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

/**
 * The one place errors become responses (RFC 9457). A storage fault is a 503 with its own code
 * (and Retry-After where waiting helps), logged with the driver's words; anything else not raised
 * on purpose is logged with its request id and answered with a 500 that says nothing internal.
 */
export function problemResponse(c: Context, error: unknown): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? 'unknown';
  const log = (c.get('logger') as Logger | undefined) ?? consoleJsonLogger;
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  let problem: Problem;
  if (error instanceof KindlingError) {
    problem = {
      type: PROBLEM_TYPE_PREFIX + error.code,
      title: error.title,
      status: STATUS[error.kind],
      detail: error.detail,
      code: error.code,
      requestId,
      ...error.extra,
    };
    if (error.fields.length) problem.errors = error.fields;
  } else if (error instanceof ZodError) {
    // Every schema is meant to be checked through the routes' validation hook; one parsed by hand
    // and not caught is still the client's input, not a server fault.
    const errors = error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(input)',
      message: issue.message,
    }));
    problem = {
      type: PROBLEM_TYPE_PREFIX + 'validation_failed',
      title: 'The request is not valid',
      status: 422,
      detail: errors.map((e) => `${e.path} ${e.message}`).join('; '),
      code: 'validation_failed',
      requestId,
      errors,
    };
  } else if (error instanceof HTTPException && error.status < 500) {
    const malformed = /malformed json/i.test(error.message);
    // hono raises these for a body it cannot read (malformed JSON or form data, a bad mount path).
    const code: ProblemCode = malformed
      ? 'malformed_json'
      : error.status === 413
        ? 'payload_too_large'
        : 'bad_request';
    problem = {
      type: PROBLEM_TYPE_PREFIX + code,
      title: malformed ? 'The body is not valid JSON' : error.message || 'Bad request',
      status: error.status,
      detail: malformed
        ? 'The request body could not be parsed as JSON. Nothing was written.'
        : error.message || 'The request could not be handled.',
      code,
      requestId,
    };
  } else if (storageFault(error)) {
    const fault = storageFault(error)!;
    log.error(
      { event: 'storage_fault', requestId, code: fault.code, cause: fault.cause },
      'storage fault',
    );
    problem = {
      type: PROBLEM_TYPE_PREFIX + fault.code,
      title: fault.title,
      status: 503,
      detail: fault.detail,
      code: fault.code,
      requestId,
    };
    if (fault.retryAfterSeconds !== null) headers['retry-after'] = String(fault.retryAfterSeconds);
  } else {
    log.error(
      {
        event: 'unexpected_error',
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      },
      'unexpected error',
    );
    problem = {
      type: PROBLEM_TYPE_PREFIX + 'internal',
      title: 'Something went wrong',
      status: 500,
      detail: 'An unexpected error occurred. Quote the request id when reporting it.',
      code: 'internal',
      requestId,
    };
  }
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="kindling"';
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
