import { withProblemCodes } from './problem-document.js';

type Operation = { responses?: Record<string, unknown> };
type Document = { paths?: object };

/**
 * The document as served: each operation's problem answers listed by code (problem-document.ts),
 * with the refusals no route declares itself (413, 415, 431, 503 storage faults, 500) as its
 * `default` answer, so a client knows every answer it can get is JSON it can read; and a POST's
 * success may be the replay of an answer erased since.
 */
export function withDefaultProblem<D extends Document>(doc: D): D {
  withProblemCodes(doc);
  for (const methods of Object.values(doc.paths ?? {}) as (object | undefined)[])
    for (const [method, op] of Object.entries(methods ?? {}))
      if (method === 'post') allowErasedReplay((op as Operation).responses ?? {});
  return doc;
}

/**
 * Erasure blanks the answers kept for idempotent replays (src/store/erasure-store.ts), so a
 * retried POST about an erased person answers `{ "erased": true }` with its first status.
 */
const ERASED_REPLAY = {
  type: 'object',
  description: 'The replay of an answer whose personal data was erased since',
  properties: { erased: { const: true } },
  required: ['erased'],
  additionalProperties: false,
};

function allowErasedReplay(responses: Record<string, unknown>): void {
  for (const [status, response] of Object.entries(responses)) {
    if (!status.startsWith('2')) continue;
    const json = (response as { content?: Record<string, { schema?: unknown }> }).content?.[
      'application/json'
    ];
    if (json?.schema) json.schema = { anyOf: [json.schema, ERASED_REPLAY] };
  }
}
