import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `column IN (…values)` with the whole list bound as ONE JSON parameter. D1 allows at most 100
 * bound parameters in a statement, so a plain IN list had to be sent in chunks: a query per 90
 * rows. json_each keeps it one statement for a page of any size, on both runtimes.
 */
export function inList(column: SQLWrapper, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** Rows after a keyset cursor, in `(key, id)` order: the page after the one that ended there. */
export function afterCursor(
  key: SQLWrapper,
  id: SQLWrapper,
  after: { key: string; id: string } | null,
): SQL | undefined {
  if (!after) return undefined;
  return sql`(${key} > ${after.key} OR (${key} = ${after.key} AND ${id} > ${after.id}))`;
}

/** Rows before a keyset cursor, in `(key, id)` descending order: for lists read latest first. */
export function beforeCursor(
  key: SQLWrapper,
  id: SQLWrapper,
  before: { key: string; id: string } | null,
): SQL | undefined {
  if (!before) return undefined;
  return sql`(${key} < ${before.key} OR (${key} = ${before.key} AND ${id} < ${before.id}))`;
}

/** A reference typed in part ("sp-7k") matches the references that start with it. */
export function referenceStarts(column: SQLWrapper, typed: string): SQL {
  const escaped = typed
    .trim()
    .toUpperCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`upper(${column}) LIKE ${`${escaped}%`} ESCAPE '\\'`;
}
