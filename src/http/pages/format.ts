/** "£1,234.50" from a decimal string "1234.50" (the API's money), without touching floats. */
export function pounds(amount: string): string {
  const negative = amount.startsWith('-');
  const [whole = '0', pence = '00'] = (negative ? amount.slice(1) : amount).split('.');
  return `${negative ? '−' : ''}£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${pence}`;
}

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * "1 April 2026" from "2026-04-01", worked out from the digits: the same on every server and in
 * every browser, whatever their locale or time zone (a date is a calendar day here, not an instant).
 */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** "April 2026" from "2026-04". */
export function monthName(isoMonth: string): string {
  const [y, m] = isoMonth.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** A path built from our own routes, each dynamic segment encoded. */
export const path = (strings: TemplateStringsArray, ...segments: string[]) =>
  strings.reduce(
    (out, s, i) => out + s + (i < segments.length ? encodeURIComponent(segments[i]!) : ''),
    '',
  );

/**
 * An id as the API writes it (`awd_01h…`): never for a person to read. Ids carry digits, codes
 * (`bank_transfer`) do not, so a code named in a message is left for the words around it.
 */
const INTERNAL_ID = /\b[a-z]{2,4}_(?=[0-9a-z]*\d)[0-9a-z]{6,}\b\s?/g;

/**
 * A use case's refusal, which speaks the API's language (ids, "120.00", "2026-04-01"), in a
 * page's words: money as £120.00, dates as 1 April 2026, and no id. Pages with a better sentence
 * for a refusal write their own; this is the floor under every other one.
 */
export function inWords(detail: string): string {
  return detail
    .replace(INTERNAL_ID, '')
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => longDate(iso))
    .replace(/(?<![£\d.,])-?\d+\.\d{2}\b/g, (amount) => pounds(amount))
    .replace(/\s*Nothing was written\.$/, '')
    .replace(/\.$/, '');
}
