import { formatMinor } from '../core/money.js';
import type { CommonTemplate } from './template.js';

/**
 * Fills `{name}` from `vars`. A name the statement does not have is a mistake in the template,
 * and fails rather than print a gap.
 */
export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined)
      throw new Error(`a template names {${name}}, which this statement does not provide`);
    return value;
  });
}

/** Pence as the template writes money: 123456 -> "1,234.56", -500 -> "-5.00". Exact: no float is involved. */
export function formatMoney(minor: number, style: CommonTemplate['money']): string {
  const plain = formatMinor(minor);
  const negative = plain.startsWith('-');
  const [whole, fraction] = (negative ? plain.slice(1) : plain).split('.') as [string, string];
  const grouped = style.thousandsSeparator
    ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, style.thousandsSeparator)
    : whole;
  const amount = `${grouped}.${fraction}`;
  return negative ? style.negative.replace('{amount}', amount) : amount;
}

/** "2026-04-01" -> "1 April 2026", in the template's words. */
export function longDate(iso: string, common: Pick<CommonTemplate, 'months' | 'longDate'>): string {
  const [year, month, day] = iso.split('-') as [string, string, string];
  return fill(common.longDate, {
    day: String(Number(day)),
    month: common.months[Number(month) - 1]!,
    year,
  });
}

// The standard PDF fonts encode text in WinAnsi (Windows-1252). These are the characters it has
// beyond Latin-1; pdfkit would print anything else as garbage, so it becomes "?" instead.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text that the standard fonts can print: one line, no control characters, WinAnsi only. */
export function printable(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += ' ';
    else if (code <= 0xff || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else out += '?';
  }
  return out;
}

/**
 * Cuts text to fit `maxWidth`, ending it with an ellipsis. Starts from the length its average
 * character width suggests and steps from there, so it measures two or three times, not once per
 * halving: measuring (with kerning) is what rendering a long statement spends its time on.
 */
export function fitText(
  text: string,
  maxWidth: number,
  widthOf: (s: string) => number,
  fullWidth = widthOf(text),
): string {
  if (fullWidth <= maxWidth) return text;
  const cut = (n: number) => `${text.slice(0, n).trimEnd()}…`;
  let n = Math.max(
    0,
    Math.min(text.length - 1, Math.floor((text.length * (maxWidth - widthOf('…'))) / fullWidth)),
  );
  while (n > 0 && widthOf(cut(n)) > maxWidth) n -= 1;
  while (n + 1 < text.length && widthOf(cut(n + 1)) <= maxWidth) n += 1;
  return n === 0 ? '' : cut(n);
}
