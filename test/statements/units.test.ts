import { describe, expect, it } from 'vitest';
import { dayBefore, resolvePeriod, ukFinancialYear } from '../../src/core/statements/model.js';
import { csvRecord, spreadsheetSafe } from '../../src/core/statements/postings-csv.js';
import { transaction } from '../../src/core/statements/journal-hledger.js';
import { followUpStateOn } from '../../src/core/statements/sparks-books.js';
import { KindlingError } from '../../src/core/errors.js';
import fc from 'fast-check';
import { fill, formatMoney, longDate, printable, wrapText } from '../../src/pdf/format.js';
import { TEMPLATE_NAMES, templateFor } from '../../src/pdf/template.js';

describe('statement periods', () => {
  it('takes the UK financial year, 1 April to 31 March, that holds a date', () => {
    expect(ukFinancialYear('2026-04-01')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(ukFinancialYear('2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(ukFinancialYear('2027-01-15')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(ukFinancialYear('2026-03-31')).toEqual({ from: '2025-04-01', to: '2026-03-31' });
  });

  it('fills a missing end from the financial year of the other end, or of today', () => {
    expect(resolvePeriod({ from: null, to: null }, '2026-11-23')).toEqual({
      from: '2026-04-01',
      to: '2027-03-31',
    });
    expect(resolvePeriod({ from: '2026-07-01', to: null }, '2020-01-01')).toEqual({
      from: '2026-07-01',
      to: '2027-03-31',
    });
    expect(resolvePeriod({ from: null, to: '2026-05-31' }, '2020-01-01')).toEqual({
      from: '2026-04-01',
      to: '2026-05-31',
    });
    expect(resolvePeriod({ from: '2026-05-05', to: '2026-05-05' }, '2020-01-01')).toEqual({
      from: '2026-05-05',
      to: '2026-05-05',
    });
  });

  it('refuses a period that ends before it starts, or a date that does not exist', () => {
    expect(() => resolvePeriod({ from: '2026-05-06', to: '2026-05-05' }, '2026-01-01')).toThrow(
      KindlingError,
    );
    expect(() => resolvePeriod({ from: '2026-02-29', to: null }, '2026-01-01')).toThrow(
      /real date/,
    );
  });

  it('knows the day before, across months, years and leap days', () => {
    expect([dayBefore('2026-04-01'), dayBefore('2026-01-01'), dayBefore('2028-03-01')]).toEqual([
      '2026-03-31',
      '2025-12-31',
      '2028-02-29',
    ]);
  });
});

describe('follow-up state on a date', () => {
  const award = (
    followUp: Parameters<typeof followUpStateOn>[0] extends infer A
      ? A extends { followUp: infer F }
        ? F
        : never
      : never,
  ) => ({
    id: 'awd_1',
    applicantReference: 'SP-1',
    domain: 'health',
    awardedOn: '2026-05-01',
    amountMinor: 100,
    followUp,
  });
  it('counts a follow-up as heard or waived only from the day it was, and overdue once its due date has passed', () => {
    const heard = award({
      dueOn: '2026-06-26',
      status: 'heard',
      heardOn: '2026-07-10',
      closedOn: '2026-07-11',
    });
    expect([
      followUpStateOn(heard, '2026-06-20'),
      followUpStateOn(heard, '2026-07-01'),
      followUpStateOn(heard, '2026-07-10'),
    ]).toEqual(['due', 'overdue', 'heard']);
    const waived = award({
      dueOn: '2026-06-26',
      status: 'waived',
      heardOn: null,
      closedOn: '2026-06-01',
    });
    expect([followUpStateOn(waived, '2026-05-31'), followUpStateOn(waived, '2026-06-01')]).toEqual([
      'due',
      'waived',
    ]);
    expect(followUpStateOn(award(null), '2026-06-01')).toBe('none');
  });
});

describe('statement text', () => {
  const money = { thousandsSeparator: ',', negative: '-{amount}' };
  it('formats pence with thousands separators, exactly', () => {
    expect(
      [0, 5, -5, 123456, -100000000, 9007199254740991].map((m) => formatMoney(m, money)),
    ).toEqual(['0.00', '0.05', '-0.05', '1,234.56', '-1,000,000.00', '90,071,992,547,409.91']);
    expect(formatMoney(-123456, { thousandsSeparator: '', negative: '({amount})' })).toBe(
      '(1234.56)',
    );
  });

  it('writes dates and fills names from the template, refusing a name the statement lacks', () => {
    const common = templateFor('account').common;
    expect(longDate('2027-03-31', common)).toBe('31 March 2027');
    expect(fill('{a} and {b}', { a: '1', b: '2' })).toBe('1 and 2');
    expect(() => fill('{missing}', {})).toThrow(/missing/);
  });

  it('keeps to what the standard fonts can print, on one line', () => {
    expect(printable('Café – “quoted” … €5\nnext\tline')).toBe('Café – “quoted” … €5 next line');
    expect(printable('Zoë 😀 Łódź ✓')).toBe('Zoë ? ?ód? ?');
  });

  it('wraps text to a width at spaces, breaking only a word wider than the line, never cutting', () => {
    const width = (s: string) => s.length;
    expect(wrapText('short', 10, width)).toEqual(['short']);
    expect(wrapText('a long description of it', 10, width)).toEqual([
      'a long',
      'descriptio',
      'n of it',
    ]);
    expect(wrapText('SP-ABCDEFGHIJKLMNOP x', 8, width)).toEqual(['SP-ABCDE', 'FGHIJKLM', 'NOP x']);
    expect(wrapText('', 10, width)).toEqual(['']);
  });

  it('keeps every character of the text when it wraps, each line within the width', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-zA-Z0-9…-]{1,25}$/), { maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (words, max) => {
          const text = words.join(' ');
          const lines = wrapText(text, max, (s) => s.length);
          for (const line of lines) expect(line.length).toBeLessThanOrEqual(max);
          expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
        },
      ),
    );
  });

  it('parses every template, and every statement section has one', () => {
    expect(TEMPLATE_NAMES).toEqual(
      expect.arrayContaining(['account', 'fund', 'grant-register', 'trial-balance']),
    );
    for (const name of TEMPLATE_NAMES) expect(() => templateFor(name)).not.toThrow();
  });
});

describe('exports', () => {
  it('quotes CSV fields only when RFC 4180 needs it, and defuses spreadsheet formulas', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'two\nlines', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines",\r\n',
    );
    expect(['=1+1', '+44 7700', '-x', '@SUM', 'fine', '12.50'].map(spreadsheetSafe)).toEqual([
      "'=1+1",
      "'+44 7700",
      "'-x",
      "'@SUM",
      'fine',
      '12.50',
    ]);
  });

  it('writes an hledger transaction hledger reads back as written', () => {
    const text = transaction(
      {
        id: 'ent_1',
        seq: 42,
        allianceId: 'crawley',
        effectiveDate: '2026-04-01',
        recordedAt: '2026-04-01T09:00:00.000Z',
        description: 'Refund; see note\nsecond line',
        actor: 'tok_1',
        reasonCode: 'manual_adjustment',
        reversesEntryId: 'ent_0',
        prevHash: '0'.repeat(64),
        hash: '1'.repeat(64),
        postings: [
          { line: 1, accountCode: 'alliance:crawley:bank', amountMinor: 120050 },
          { line: 2, accountCode: 'alliance:crawley:fund:sparks', amountMinor: -120050 },
        ],
      },
      { role: 'coordinator' },
    );
    expect(text).toBe(
      '\n2026-04-01 * (42) Refund, see note second line  ; entry:ent_1, reason:manual_adjustment, reverses:ent_0\n' +
        `    ${'alliance:crawley:bank'.padEnd(48)}       1200.50 GBP\n` +
        `    ${'alliance:crawley:fund:sparks'.padEnd(48)}      -1200.50 GBP\n`,
    );
  });
});
