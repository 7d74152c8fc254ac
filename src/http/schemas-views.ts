import { z } from '@hono/zod-openapi';

/**
 * Building blocks of the answers' schemas (issue 16: every answer typed in /openapi.json). They
 * describe what the views in src/core write, never parse input: input schemas live beside their
 * routes and in schemas.ts. Objects are strict, so a field a view adds without saying so here
 * fails the contract suites' response check (test/contract/openapi-check.ts).
 */

/** Pounds as a decimal string with exactly two places, as every view writes money. */
export const Money = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .openapi({ example: '120.00', description: 'Pounds as a decimal string, two places' });

/** A calendar date, YYYY-MM-DD (the alliance's local date where it is "today"). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .openapi({ example: '2026-04-01' });

/** A moment, as an ISO 8601 UTC timestamp. */
export const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/)
  .openapi({ example: '2026-04-01T09:30:00.000Z' });

/** A prefixed id (`app_…`, `awd_…`). */
export const Ref = (example: string) => z.string().min(1).openapi({ example });

/** `{ items }`: a whole list, small by nature (receipts, panel members, streams). */
export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

/** `{ items, next }`: a keyset page; pass `next` as `after` for the next page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    next: z.string().nullable().openapi({ description: 'Pass as `after` for the next page' }),
  });

/** A 200/201 JSON answer with its schema, for a route's `responses`. */
export const jsonAnswer = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** `{ [status]: answer }` for a route's `responses`, typed so the handler must return `schema`. */
export const ok = <T extends z.ZodType, S extends 200 | 201 = 200>(
  schema: T,
  description: string,
  status?: S,
) =>
  ({ [status ?? 200]: jsonAnswer(schema, description) }) as {
    [K in S]: ReturnType<typeof jsonAnswer<T>>;
  };
