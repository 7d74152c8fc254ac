import type { Page } from 'playwright-core';

/**
 * Every prefix our ids carry (src/core/ids.ts callers, and the test harness's `hld_`), and the
 * `pool_` the issue names. An id may sit in a URL or a hidden field; never in what a person reads.
 */
const ID_PREFIXES = [
  'apl',
  'app',
  'awd',
  'bud',
  'cls',
  'dec',
  'dsb',
  'ent',
  'form',
  'hld',
  'per',
  'pnm',
  'pol',
  'pool',
  'pur',
  'rcp',
  'req',
  'ret',
  'ses',
  'sic',
  'sit',
  'spd',
  'str',
  'tok',
];
// `per_…` counts too: a hint asking a person to type an id is as bad as showing one.
const ID = new RegExp(`\\b(?:${ID_PREFIXES.join('|')})_(?:[0-9a-z]{3,}|…)`, 'gi');
const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** Dates as a machine or another locale writes them: 2026-04-01, 01/04/2026, April 1, 2026. */
const FOREIGN_DATES = [
  /\b\d{4}-\d{2}-\d{2}\b/g,
  /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g,
  new RegExp(`\\b${MONTH} \\d{1,2},? \\d{4}\\b`, 'g'),
];
/** Money as we write it: £1,234.50 (a minus sign before the pound sign for a negative). */
const POUNDS = /£[\d,.]*/g;
const GOOD_POUNDS = /^£(?:0|[1-9]\d{0,2}(?:,\d{3})*)\.\d{2}$/;
/** An amount in pence-precision without its pound sign: "150.00" where "£150.00" belongs. */
const BARE_AMOUNT = /(?<![£\d,.])\d{1,3}(?:,\d{3})*\.\d{2}\b/g;

/** What a person reads on the page: the rendered text, visually hidden words included. */
export async function visibleText(page: Page): Promise<string> {
  // innerText, not textContent: what is rendered, without the stylesheet's text or hidden inputs.
  // biome-ignore lint/performance/useDomNodeTextContent: textContent would read what no one sees
  // Charts' axis ticks ("£0", "Apr 26") are drawing, not reading: each chart's description and
  // the table beside it carry the figures, and those are checked.
  return page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'svg { display: none !important; }';
    document.head.append(style);
    const text = document.body.innerText;
    style.remove();
    return text;
  });
}

/**
 * The words on a page as a person reads them: no internal id, dates as "1 April 2026", money as
 * "£150.00". Returns each problem with the text around it.
 */
export function readerProblems(text: string): string[] {
  const around = (m: RegExpMatchArray) =>
    JSON.stringify(text.slice(Math.max(0, m.index! - 30), m.index! + m[0].length + 30));
  const problems: string[] = [];
  for (const m of text.matchAll(ID)) problems.push(`an internal id "${m[0]}" in ${around(m)}`);
  for (const pattern of FOREIGN_DATES)
    for (const m of text.matchAll(pattern))
      problems.push(`a date not written as "1 April 2026": "${m[0]}" in ${around(m)}`);
  for (const m of text.matchAll(POUNDS)) {
    // A sentence may end straight after the amount: "£35.00." is fine.
    const amount = /[.,]$/.test(m[0]) && !GOOD_POUNDS.test(m[0]) ? m[0].slice(0, -1) : m[0];
    if (!GOOD_POUNDS.test(amount))
      problems.push(`money not written as "£150.00": "${m[0]}" in ${around(m)}`);
  }
  for (const m of text.matchAll(BARE_AMOUNT))
    problems.push(`an amount without its pound sign: "${m[0]}" in ${around(m)}`);
  return problems;
}
