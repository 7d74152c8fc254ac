import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';

/**
 * `column IN (…values)` with the whole list bound as ONE JSON parameter. D1 allows at most 100
 * bound parameters in a statement, so a plain IN list had to be sent in chunks: a query per 90
 * rows. json_each keeps it one statement for a page of any size, on both runtimes.
 */
export function inList(column: SQLWrapper, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
