/**
 * Money read back from SQLite: the column (or SUM) is INTEGER pence, which the drivers hand over
 * as a number (better-sqlite3, D1) or, for large values in some drivers, a bigint or string. This
 * makes it a JavaScript number and refuses anything that is not a whole, safe number of pence,
 * so nothing fractional or rounded ever passes for money.
 */
export function pence(value: unknown): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint' || typeof value === 'string'
        ? Number(value)
        : value === null || value === undefined
          ? 0
          : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number of pence: ${String(value)}`);
  return n;
}
