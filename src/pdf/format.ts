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
 * Breaks text into lines no wider than `maxWidth`, at spaces where it can and inside a word only
 * when the word alone is wider than the line (a long reference). Nothing is ever cut off: a
 * statement an auditor signs must show every word it holds. Text that fits is measured once.
 */
export function wrapText(text: string, maxWidth: number, widthOf: (s: string) => number): string[] {
  if (text === '' || widthOf(text) <= maxWidth) return [text];
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line !== '') lines.push(line);
    line = '';
  };
  for (const word of text.split(/ +/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (widthOf(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    push();
    if (widthOf(word) <= maxWidth) {
      line = word;
      continue;
    }
    // A word wider than the line is broken by characters, at least one on each line.
    let rest = word;
    while (rest !== '') {
      let n = 1;
      while (n < rest.length && widthOf(rest.slice(0, n + 1)) <= maxWidth) n += 1;
      if (n === rest.length) break;
      lines.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
    line = rest;
  }
  push();
  return lines.length ? lines : [''];
}
