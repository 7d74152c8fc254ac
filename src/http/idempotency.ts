import { z } from '@hono/zod-openapi';
import type { Once } from '../core/idempotency.js';

/**
 * The Idempotency-Key header of a request that moves no money: optional, and documented on the
 * operation, so a client knows every POST can be retried safely (money-moving ones use
 * IdempotencyKeyHeader in schemas.ts, where it is required).
 */
export const OptionalIdempotencyKey = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({
      param: { name: 'idempotency-key', in: 'header', required: false },
      description:
        'Optional: 1 to 255 printable ASCII characters (a UUID, say). The same key with the same body returns the first answer (with `Idempotent-Replayed: true`) and writes nothing again; with another body it is refused (409). Keys belong to the token that sent them.',
    }),
});

/** What a route hands a use case so a create runs at most once: the key, and how to say so. */
export function onceFrom(c: {
  req: { header: (name: string) => string | undefined };
  header: (name: string, value: string) => void;
}): Once {
  return {
    key: c.req.header('idempotency-key'),
    replayed: () => c.header('idempotent-replayed', 'true'),
  };
}
