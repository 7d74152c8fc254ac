import { invalid } from './errors.js';

/**
 * Keyset pages. A cursor names the last row of the page before, as `sortKey~id`: rows sort by
 * their key (a date, a reference) and then by id, so a cursor stays right when rows are added
 * before it, and reading page 100 costs what reading page 1 does.
 */
export interface Page {
  after: { key: string; id: string } | null;
  limit: number;
}

export function parseCursor(cursor: string | null | undefined): Page['after'] {
  if (!cursor) return null;
  const at = cursor.lastIndexOf('~');
  if (at < 0 || at === cursor.length - 1)
    throw invalid('cursor_invalid', 'This cursor is not one we gave out; start again without it.', [
      { path: 'after', message: 'not a cursor from a previous page' },
    ]);
  return { key: cursor.slice(0, at), id: cursor.slice(at + 1) };
}

/** The page from `limit + 1` rows read: the extra row, if any, says there is a next page. */
export function pageOf<T extends { id: string }>(
  rows: readonly T[],
  limit: number,
  key: (row: T) => string,
): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? `${key(last)}~${last.id}` : null };
}
