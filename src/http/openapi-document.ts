import { problemExample } from './schemas.js';

type Operation = { responses?: Record<string, unknown> };
type Document = { paths?: object };

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * Every operation can also meet the refusals no route declares itself, because the app's outer
 * layers raise them before a route runs: a body over its limit (413), a charset other than UTF-8
 * (415), headers too large (431), a storage fault (503, with its own code) and the 500 that says
 * nothing internal. The document lists them once per operation as its `default` answer, so a
 * client knows every answer it can get is JSON it can read.
 */
export function withDefaultProblem<D extends Document>(doc: D): D {
  for (const methods of Object.values(doc.paths ?? {}) as (object | undefined)[])
    for (const [method, op] of Object.entries(methods ?? {})) {
      if (!METHODS.has(method)) continue;
      const operation = op as Operation;
      operation.responses ??= {};
      const responses = operation.responses;
      if (method === 'post') allowErasedReplay(responses);
      responses.default ??= {
        description:
          'Any other refusal: 413 body too large, 415 not UTF-8, 431 headers too large, 503 a ' +
          'storage fault (storage_full, storage_read_only, storage_corrupt, storage_busy, ' +
          'storage_io, storage_unavailable; Retry-After where waiting helps), 500 internal',
        content: {
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/Problem' },
            example: problemExample(503),
          },
        },
      };
    }
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
