import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMinor, parseAmount } from '../../src/core/money.js';
import {
  CSV_HEADER,
  csvRecord,
  DOMAIN_PUBLICATION,
  GRANT_REASON,
  grants360Giving,
  grantsCsvLines,
  INDIVIDUAL_RECIPIENT_NAME,
  minorToPoundsNumber,
  type PublishedAward,
  type PublishInput,
  whatHappened,
} from '../../src/core/sparks/publish.js';
import {
  GRANT_SCHEMA_REF,
  fixture,
  grantSchema,
  makeValidator,
  packageSchema,
  type Schema,
} from '../support/validate-360.js';

const purposeCodes = codelist(fixture('grantToIndividualsPurpose.csv'));
const reasonCodes = codelist(fixture('grantToIndividualsReason.csv'));
const validatePackage = makeValidator();

const KEY_A = 'a3f1c9e07b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f3a';
const KEY_B = '5be0d7c4a9f1e3b2d6c8a0f4e2b7d9c1a5f3e8b0d2c4a6f9e1b3d5c7a0f2e4b6';
const KEY_C = '0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d';

function award(
  overrides: Partial<PublishedAward> & Pick<PublishedAward, 'awardId'>,
): PublishedAward {
  return {
    recipientKey: KEY_A,
    amountMinor: 10000,
    awardedOn: '2025-04-01',
    domain: 'health',
    status: 'active',
    paidMinor: 0,
    cancelledMinor: 0,
    returnedMinor: 0,
    followUpStatus: 'due',
    ...overrides,
  };
}

const AWARDS: PublishedAward[] = [
  award({
    awardId: 'awd_01m84j0000000000000003',
    domain: 'purposeful-activity',
    amountMinor: 12050,
    paidMinor: 12050,
    awardedOn: '2025-05-02',
    followUpStatus: 'heard',
  }),
  award({
    awardId: 'awd_01m84j0000000000000001',
    domain: 'housing',
    amountMinor: 50000,
    paidMinor: 20000,
    awardedOn: '2025-04-14',
  }),
  award({
    awardId: 'awd_01m84j0000000000000002',
    domain: 'health',
    amountMinor: 2999,
    paidMinor: 2999,
    recipientKey: KEY_B,
    awardedOn: '2025-04-14',
    followUpStatus: 'overdue',
  }),
  // Cancelled after part-payment, and part of what was paid came back.
  award({
    awardId: 'awd_01m84j0000000000000004',
    domain: 'peer-support',
    amountMinor: 20000,
    paidMinor: 8000,
    cancelledMinor: 12000,
    returnedMinor: 3000,
    status: 'cancelled',
    recipientKey: KEY_C,
    awardedOn: '2025-05-20',
    followUpStatus: 'waived',
  }),
  award({
    awardId: 'awd_01m84j0000000000000005',
    domain: 'friends-family',
    amountMinor: 1000,
    paidMinor: 1000,
    awardedOn: '2025-06-01',
    recipientKey: KEY_B,
  }),
  award({
    awardId: 'awd_01m84j0000000000000006',
    domain: 'community',
    amountMinor: 7525,
    paidMinor: 0,
    awardedOn: '2025-06-01',
  }),
];

const INPUT: PublishInput = {
  alliance: { id: 'crawley', name: 'Crawley Recovery Alliance' },
  orgIdPrefix: '360G-kindling',
  generatedAt: '2025-07-01T09:30:00Z',
  awards: AWARDS,
};

describe('grants360Giving', () => {
  it('validates against the official 360Giving package schema, also after a trip through JSON', () => {
    const pkg = grants360Giving(INPUT);
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors)).toBe(true);
    expect(
      validatePackage(JSON.parse(JSON.stringify(pkg))),
      JSON.stringify(validatePackage.errors),
    ).toBe(true);
  });

  it('uses only fields the schemas declare, so a misspelt field cannot slip through their open objects', () => {
    // The 360Giving schemas allow any extra property, so a wrong name (say grantToIndividualsDetails
    // for toIndividualsDetails) would validate and then be ignored by every 360Giving tool.
    expect(undeclaredPaths(grants360Giving(INPUT), packageSchema)).toEqual([]);
    expect(undeclaredPaths({ grants: [{ grantToIndividualsDetails: {} }] }, packageSchema)).toEqual(
      ['/grants/0/grantToIndividualsDetails'],
    );
  });

  it('is not valid when broken, so the validation above can fail', () => {
    const broken: Array<[string, (grant: Record<string, any>, pkg: Record<string, any>) => void]> =
      [
        ['amount as a string', (g) => (g.amountAwarded = '120.50')],
        ['no currency', (g) => delete g.currency],
        ['lowercase currency', (g) => (g.currency = 'gbp')],
        ['award date in another format', (g) => (g.awardDate = '01/04/2025')],
        ['recipient without a name', (g) => delete g.recipientIndividual.name],
        ['no recipient at all', (g) => delete g.recipientIndividual],
        ['funder without an id', (g) => delete g.fundingOrganization[0].id],
        ['grant purposes not a list', (g) => (g.toIndividualsDetails.grantPurpose = 'GTIP010')],
        ['no grants', (_g, p) => (p.grants = [])],
        ['issued is not a date', (_g, p) => (p.issued = 'July 2025')],
        ['version with a patch number', (_g, p) => (p.version = '1.4.3')],
      ];
    for (const [what, breakIt] of broken) {
      const pkg = JSON.parse(JSON.stringify(grants360Giving(INPUT)));
      breakIt(pkg.grants[0], pkg);
      expect(validatePackage(pkg), what).toBe(false);
    }
  });

  it('builds grant, funder and recipient identifiers from the prefix, alliance and award', () => {
    const pkg = grants360Giving(INPUT);
    const first = pkg.grants.find((g) => g.id.endsWith('awd_01m84j0000000000000001'))!;
    expect(first.id).toBe('360G-kindling-crawley-awd_01m84j0000000000000001');
    expect(first.fundingOrganization).toEqual([
      { id: '360G-kindling-crawley', name: 'Crawley Recovery Alliance' },
    ]);
    expect(first.recipientIndividual).toEqual({
      id: `360G-kindling-IND-crawley-${KEY_A.slice(0, 16)}`,
      name: 'Individual Recipient',
    });
    expect(pkg.publisher).toEqual({
      identifier: '360G-kindling-crawley',
      name: 'Crawley Recovery Alliance',
    });
    expect(new Set(pkg.grants.map((g) => g.id)).size).toBe(AWARDS.length);
    for (const g of pkg.grants) expect(g.currency).toBe('GBP');
  });

  it('keeps recipients anonymous: no names, no personal words, no more of the key than its first 16 characters', () => {
    const pkg = grants360Giving(INPUT);
    const text = JSON.stringify(pkg);
    for (const key of [KEY_A, KEY_B, KEY_C]) {
      for (let i = 0; i + 17 <= key.length; i++) expect(text).not.toContain(key.slice(i, i + 17));
    }
    // Every name in the file is the funder's or the generic recipient name.
    const names = new Set(valuesOfKey(pkg, 'name'));
    expect(names).toEqual(new Set(['Crawley Recovery Alliance', INDIVIDUAL_RECIPIENT_NAME]));
    for (const g of pkg.grants) {
      expect(Object.keys(g.recipientIndividual).sort()).toEqual(['id', 'name']);
      expect(g.recipientIndividual.id).toMatch(/^360G-kindling-IND-crawley-[0-9a-f]{16}$/);
      expect(`${g.title} ${g.description}`).not.toMatch(
        /drug|alcohol|addict|substance|relapse|recover|detox|rehab/i,
      );
      expect(g.title).toBe('Small Sparks grant');
    }
    // One person's grants share an identifier; different people's do not.
    const byAward = new Map(pkg.grants.map((g) => [g.id.slice(-4), g.recipientIndividual.id]));
    expect(byAward.get('0001')).toBe(byAward.get('0003'));
    expect(byAward.get('0002')).toBe(byAward.get('0005'));
    expect(new Set(byAward.values()).size).toBe(3);
  });

  it('describes each grant by its recovery-capital domain in words', () => {
    const pkg = grants360Giving(INPUT);
    const purposeful = pkg.grants.find((g) => g.id.endsWith('0003'))!;
    expect(purposeful.description).toBe(
      'Support for purposeful activity (education, training, employment)',
    );
    for (const g of pkg.grants) expect(g.description).toMatch(/^Support for /);
  });

  it('uses only purpose and reason codes that exist in the shipped codelists', () => {
    expect(reasonCodes.has(GRANT_REASON)).toBe(true);
    for (const domain of Object.values(DOMAIN_PUBLICATION)) {
      expect(domain.purposes.length).toBeGreaterThan(0);
      expect(domain.purposes.length).toBeLessThanOrEqual(3); // 360Giving's recommended maximum
      for (const code of domain.purposes) expect(purposeCodes.has(code), code).toBe(true);
    }
    for (const g of grants360Giving(INPUT).grants) {
      expect(reasonCodes.has(g.toIndividualsDetails.primaryGrantReason)).toBe(true);
      for (const code of g.toIndividualsDetails.grantPurpose)
        expect(purposeCodes.has(code), code).toBe(true);
    }
  });

  it('writes amounts as exact JSON numbers of pounds, and a cancelled grant with what was kept', () => {
    const pkg = grants360Giving(INPUT);
    const text = JSON.stringify(pkg);
    expect(text).toContain('"amountAwarded":120.5,');
    expect(text).toContain('"amountAwarded":29.99,');
    expect(text).toContain('"amountAwarded":75.25,');
    const cancelled = pkg.grants.find((g) => g.id.endsWith('0004'))!;
    expect(cancelled.amountAwarded).toBe(200);
    expect(cancelled.amountDisbursed).toBe(50); // £80 paid, £30 handed back
    const unpaid = pkg.grants.find((g) => g.id.endsWith('0006'))!;
    expect(unpaid.amountDisbursed).toBe(0);
  });

  it('turns every amount of pence into a number whose JSON text is the same decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000_000 }), (minor) => {
        const written = JSON.stringify(minorToPoundsNumber(minor));
        expect(written).not.toMatch(/e/i);
        expect(parseAmount(written)).toEqual({ ok: true, minor });
        expect(new Decimal(written).equals(new Decimal(formatMinor(minor)))).toBe(true);
      }),
      { seed: 20261123 },
    );
  });

  it('gives byte-identical output for the same awards in any order, oldest first then by award id', () => {
    const once = JSON.stringify(grants360Giving(INPUT));
    const reversed = JSON.stringify(grants360Giving({ ...INPUT, awards: [...AWARDS].reverse() }));
    const shuffled = JSON.stringify(
      grants360Giving({
        ...INPUT,
        awards: [AWARDS[3]!, AWARDS[0]!, AWARDS[5]!, AWARDS[1]!, AWARDS[4]!, AWARDS[2]!],
      }),
    );
    expect(reversed).toBe(once);
    expect(shuffled).toBe(once);
    expect(grants360Giving(INPUT).grants.map((g) => `${g.awardDate} ${g.id.slice(-4)}`)).toEqual([
      '2025-04-14 0001',
      '2025-04-14 0002',
      '2025-05-02 0003',
      '2025-05-20 0004',
      '2025-06-01 0005',
      '2025-06-01 0006',
    ]);
    expect(INPUT.awards[0]!.awardId).toBe('awd_01m84j0000000000000003'); // the caller's array is untouched
  });

  it('refuses input that would publish something wrong or personal', () => {
    const withAward = (a: PublishedAward): PublishInput => ({ ...INPUT, awards: [a] });
    const base = { awardId: 'awd_x' };
    expect(() =>
      grants360Giving(withAward(award({ ...base, recipientKey: 'Jane Smith' }))),
    ).toThrow(/recipient key/);
    expect(() =>
      grants360Giving(withAward(award({ ...base, recipientKey: KEY_A.slice(0, 20) }))),
    ).toThrow(/recipient key/);
    expect(() =>
      grants360Giving(withAward(award({ ...base, paidMinor: 9000, cancelledMinor: 2000 }))),
    ).toThrow(/exceed/);
    expect(() =>
      grants360Giving(withAward(award({ ...base, paidMinor: 100, returnedMinor: 200 }))),
    ).toThrow(/returned/);
    expect(() => grants360Giving(withAward(award({ ...base, amountMinor: 10.5 })))).toThrow(
      /safe integer/,
    );
    expect(() => grants360Giving(withAward(award({ ...base, awardedOn: '2025-02-29' })))).toThrow(
      /awardedOn/,
    );
    expect(() => grants360Giving(withAward(award({ awardId: 'awd 1' })))).toThrow(/award id/);
    expect(() => grants360Giving({ ...INPUT, awards: [AWARDS[0]!, AWARDS[0]!] })).toThrow(/twice/);
    expect(() => grants360Giving({ ...INPUT, awards: [] })).toThrow(/at least one grant/);
    expect(() => grants360Giving({ ...INPUT, orgIdPrefix: 'kindling' })).toThrow(/prefix/);
    expect(() => grants360Giving({ ...INPUT, generatedAt: '2025-07-01 09:30' })).toThrow(
      /generatedAt/,
    );
    expect(() => grantsCsvLines({ ...INPUT, generatedAt: '2025-07-01T09:30:00' })).toThrow(
      /generatedAt/,
    ); // eager, before any line
  });
});

describe('grantsCsvLines', () => {
  const lines = [...grantsCsvLines(INPUT)];
  const rows = parseCsv(lines.join(''));

  it('writes a plain-English header, then one line per award, each ending in CRLF', () => {
    expect(lines).toHaveLength(AWARDS.length + 1);
    for (const line of lines) expect(line).toMatch(/^[^\r\n]*\r\n$/);
    expect(lines[0]).toBe(
      'Grant ID,Award date,Recovery-capital domain,Amount awarded,Paid,Cancelled,Returned,Outstanding,Status,Follow-up\r\n',
    );
    expect(rows[0]).toEqual([...CSV_HEADER]);
  });

  it('writes each award with two-decimal amounts, the same ids as the 360Giving file, and no names', () => {
    const ids = grants360Giving(INPUT).grants.map((g) => g.id);
    expect(rows.slice(1).map((r) => r[0])).toEqual(ids);
    expect(rows[4]).toEqual([
      '360G-kindling-crawley-awd_01m84j0000000000000004',
      '2025-05-20',
      'Peer support',
      '200.00',
      '80.00',
      '120.00',
      '30.00',
      '0.00',
      'Part paid, rest cancelled, part returned',
      'Waived',
    ]);
    expect(rows[3]).toEqual([
      '360G-kindling-crawley-awd_01m84j0000000000000003',
      '2025-05-02',
      'Purposeful activity',
      '120.50',
      '120.50',
      '0.00',
      '0.00',
      '0.00',
      'Paid',
      'Heard back',
    ]);
    const text = lines.join('');
    expect(text).not.toContain('Crawley Recovery Alliance');
    for (const key of [KEY_A, KEY_B, KEY_C]) expect(text).not.toContain(key.slice(0, 8));
  });

  it('says in the status what happened to the money, never "Active" for all', () => {
    const base = INPUT.awards[0]!;
    const status = (over: Partial<typeof base>) =>
      whatHappened({
        ...base,
        amountMinor: 10_000,
        paidMinor: 0,
        cancelledMinor: 0,
        returnedMinor: 0,
        status: 'active',
        ...over,
      });
    expect(status({})).toBe('Awaiting payment');
    expect(status({ paidMinor: 4_000 })).toBe('Part paid');
    expect(status({ paidMinor: 10_000 })).toBe('Paid');
    expect(status({ status: 'cancelled', cancelledMinor: 10_000 })).toBe('Cancelled');
    expect(status({ status: 'cancelled', paidMinor: 4_000, cancelledMinor: 6_000 })).toBe(
      'Part paid, rest cancelled',
    );
    expect(status({ paidMinor: 10_000, returnedMinor: 10_000 })).toBe('Paid, all returned');
    expect(status({ paidMinor: 10_000, returnedMinor: 2_500 })).toBe('Paid, part returned');
    expect(rows.slice(1).map((r) => r[8])).not.toContain('Active');
  });

  it('shows Outstanding as awarded less paid less cancelled, to the penny', () => {
    const outstanding = new Map(rows.slice(1).map((r) => [r[0]!.slice(-4), r[7]]));
    expect(outstanding.get('0001')).toBe('300.00'); // £500 awarded, £200 paid
    expect(outstanding.get('0004')).toBe('0.00'); // cancelled: nothing more is owed, whatever was returned
    expect(outstanding.get('0006')).toBe('75.25');
    for (const r of rows.slice(1)) {
      const [awarded, paid, cancelled, , left] = r.slice(3, 8).map((x) => new Decimal(x!));
      expect(left!.equals(awarded!.minus(paid!).minus(cancelled!)), r[0]).toBe(true);
    }
  });

  it('gives identical lines for the same awards in any order', () => {
    expect([...grantsCsvLines({ ...INPUT, awards: [...AWARDS].reverse() })]).toEqual(lines);
  });

  it('quotes fields with commas, quotes or line breaks as RFC 4180 says, and nothing else', () => {
    const fields = ['plain', 'a, b', 'say "hi"', 'two\r\nlines', '', '120.00'];
    const record = csvRecord(fields);
    expect(record).toBe('plain,"a, b","say ""hi""","two\r\nlines",,120.00\r\n');
    expect(parseCsv(record)).toEqual([fields]);
  });
});

/** The Code column of a 360Giving codelist CSV (whose later columns may be quoted). */
function codelist(text: string): Set<string> {
  const [header, ...rows] = parseCsv(text);
  expect(header![0]).toBe('Code');
  return new Set(rows.map((r) => r[0]!));
}

/** A strict RFC 4180 reader, written independently of the module's writer to check it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
      else if (c === '"') (quoted = false), i++;
      else (field += c), i++;
    } else if (c === '"' && field === '') (quoted = true), i++;
    else if (c === ',') row.push(field), (field = ''), i++;
    else if (c === '\r' && text[i + 1] === '\n')
      row.push(field), rows.push(row), (row = []), (field = ''), (i += 2);
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else if (c === '"') throw new Error(`stray quote at ${i}`);
    else (field += c), i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

/** Paths of object keys that the schema (following $refs and array items) does not declare. */
function undeclaredPaths(value: unknown, schema: Schema, path = ''): string[] {
  const resolved = resolveRef(schema);
  if (Array.isArray(value))
    return resolved.items
      ? value.flatMap((v, i) => undeclaredPaths(v, resolved.items, `${path}/${i}`))
      : [];
  if (value === null || typeof value !== 'object') return [];
  const properties: Schema = resolved.properties ?? {};
  return Object.entries(value).flatMap(([key, v]) =>
    Object.hasOwn(properties, key)
      ? undeclaredPaths(v, properties[key], `${path}/${key}`)
      : [`${path}/${key}`],
  );
}

function resolveRef(schema: Schema): Schema {
  const ref: string | undefined = schema.$ref;
  if (ref === undefined) return schema;
  if (ref === GRANT_SCHEMA_REF) return grantSchema;
  const local = /^#\/\$defs\/(\w+)$/.exec(ref);
  if (local) return resolveRef(grantSchema.$defs[local[1]!]);
  throw new Error(`unexpected $ref ${ref}`);
}

function valuesOfKey(value: unknown, wanted: string): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesOfKey(v, wanted));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === wanted ? [v, ...valuesOfKey(v, wanted)] : valuesOfKey(v, wanted),
  );
}
