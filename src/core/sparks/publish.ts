import Decimal from 'decimal.js';
import { assertSafeMinor, formatMinor, MAX_AMOUNT_MINOR } from '../money.js';

/**
 * Open publication of Small Sparks awards: a 360Giving data package (JSON) and a plain CSV grant
 * register. Both are pure functions of their input, so the same awards and the same injected
 * `generatedAt` always give byte-identical output, and both say nothing that could name a person.
 *
 * The people who receive these grants are in recovery, so every field is written to be discreet:
 * a generic title, a description that names only the recovery-capital domain, an anonymous
 * recipient identifier, and one broad grant reason shared by every grant in the file.
 */

export type RecoveryDomain =
  | 'housing'
  | 'health'
  | 'purposeful-activity'
  | 'peer-support'
  | 'friends-family'
  | 'community';

export interface PublishedAward {
  awardId: string;
  /**
   * A pseudonymous, stable, non-reversible key for the person, already hashed by the caller.
   * It must be lowercase hex of at least 32 characters; anything else is refused, so that a name
   * or an internal reference passed here by mistake can never reach the published file. The
   * caller should make it with a keyed hash (an HMAC with a secret), not a bare hash of a
   * reference, since a bare hash of a guessable value can be reversed by trying the guesses.
   */
  recipientKey: string;
  amountMinor: number;
  awardedOn: string;
  domain: RecoveryDomain;
  status: 'active' | 'cancelled';
  paidMinor: number;
  cancelledMinor: number;
  returnedMinor: number;
  followUpStatus: 'due' | 'overdue' | 'heard' | 'waived';
}

/** Everything a published file says besides its awards. */
export interface PublishHead {
  alliance: { id: string; name: string };
  /** The publisher's registered 360Giving prefix, e.g. '360G-kindling'. */
  orgIdPrefix: string;
  /** An RFC 3339 date-time with a zone, e.g. '2025-04-01T09:00:00Z'; injected, never read from a clock. */
  generatedAt: string;
}

export interface PublishInput extends PublishHead {
  awards: readonly PublishedAward[];
}

/** How one recovery-capital domain is described in public, in words and in 360Giving codes. */
export interface DomainPublication {
  /** Short label for the CSV register. */
  label: string;
  /** The grant description: plain, and about the kind of support only. */
  description: string;
  /** Codes from the 360Giving Grant to Individuals Purpose codelist (grantToIndividualsPurpose.csv). */
  purposes: readonly string[];
}

/**
 * Each domain maps to the purpose codes closest to what Small Sparks grants in it pay for. The
 * codelist describes what money is spent on, and the domains describe which part of a life it
 * strengthens, so the fit is approximate; where a domain spans two codes both are given, as the
 * 360Giving guidance allows up to three.
 */
export const DOMAIN_PUBLICATION: Readonly<Record<RecoveryDomain, DomainPublication>> = {
  // Deposits, rent, removal costs and decoration are what a housing spark usually buys.
  housing: {
    label: 'Housing',
    description: 'Support for housing (a safe and settled home)',
    purposes: ['GTIP060'],
  },
  // The health code's title is broad ("Health, care and wellbeing services"), which keeps it discreet.
  health: {
    label: 'Health',
    description: 'Support for health and wellbeing',
    purposes: ['GTIP120'],
  },
  // The description names education, training and employment, so both codes for them are given.
  'purposeful-activity': {
    label: 'Purposeful activity',
    description: 'Support for purposeful activity (education, training, employment)',
    purposes: ['GTIP130', 'GTIP140'],
  },
  // Peer support and time with friends and family are social activities in the codelist's words.
  'peer-support': {
    label: 'Peer support',
    description: 'Support for taking part in peer support',
    purposes: ['GTIP110'],
  },
  'friends-family': {
    label: 'Friends and family',
    description: 'Support for relationships with friends and family',
    purposes: ['GTIP110'],
  },
  community: {
    label: 'Community',
    description:
      'Support for taking part in community life (volunteering, groups, local activities)',
    purposes: ['GTIP160'],
  },
};

/**
 * The one grant reason used for every grant (Grant to Individuals Reason codelist): GTIR030
 * "Health/Condition". Its codelist description covers substance misuse, so it is accurate, and
 * its title groups that with every other limiting health condition, so it is discreet. The
 * alternatives were rejected: GTIR040 (mental health) and GTIR090 (marginalised, which names the
 * criminal justice system) would each say something more specific and often untrue about a
 * person, and GTIR110 (development opportunity) would misstate why the grants exist. Being the
 * same for every grant, it says nothing about any one person beyond what the programme does.
 */
export const GRANT_REASON = 'GTIR030';

/** The 360Giving schema version the package follows, as major.minor (the schema files are 1.4.x). */
export const SCHEMA_VERSION = '1.4';

/**
 * The licence the data is published under. CC BY 4.0 is one of the open licences 360Giving
 * recommends; an alliance that has chosen another must change this before publishing.
 */
export const PACKAGE_LICENSE = 'https://creativecommons.org/licenses/by/4.0/';

/** The generic name 360Giving recommends for an anonymous individual recipient. */
export const INDIVIDUAL_RECIPIENT_NAME = 'Individual Recipient';

const GRANT_TITLE = 'Small Sparks grant';
const PROGRAMME_CODE = 'small-sparks';
const PROGRAMME_TITLE = 'Small Sparks';

/** How many hex characters of the recipient key appear in the published identifier (64 bits). */
export const RECIPIENT_KEY_CHARS = 16;

export interface Grant360 {
  id: string;
  title: string;
  description: string;
  currency: 'GBP';
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  recipientIndividual: { id: string; name: string };
  fundingOrganization: { id: string; name: string }[];
  grantProgramme: { code: string; title: string }[];
  toIndividualsDetails: { primaryGrantReason: string; grantPurpose: string[] };
}

export interface Package360 {
  version: string;
  title: string;
  description: string;
  identifier: string;
  issued: string;
  publisher: { identifier: string; name: string };
  license: string;
  grants: Grant360[];
}

/**
 * A 360Giving data package of the alliance's Small Sparks awards, oldest first. It validates
 * against the official package schema. Cancelled awards stay in the file with the amount that
 * was awarded in `amountAwarded` and what the person actually kept in `amountDisbursed`, since
 * the schema has no field for a grant's status. Refuses an empty list, which the schema forbids.
 */
export function grants360Giving(input: PublishInput): Package360 {
  const awards = checkedAndOrdered(input);
  if (awards.length === 0) throw new Error('a 360Giving package needs at least one grant');
  return { ...packageHead(input), grants: awards.map((award) => grant360(input, award)) };
}

/** The package without its grants, keys in the order they are written (`grants` comes last). */
export function packageHead(input: PublishHead): Omit<Package360, 'grants'> {
  const funderId = funderIdentifier(input);
  return {
    version: SCHEMA_VERSION,
    title: `Small Sparks grants: ${input.alliance.name}`,
    description: `Small Sparks micro-grants made to individuals by ${input.alliance.name}. Recipients are not named; each has an anonymous identifier.`,
    identifier: `${funderId}-${PROGRAMME_CODE}`,
    issued: input.generatedAt,
    publisher: { identifier: funderId, name: input.alliance.name },
    license: PACKAGE_LICENSE,
  };
}

export function grant360(input: PublishHead, award: PublishedAward): Grant360 {
  const domain = DOMAIN_PUBLICATION[award.domain];
  return {
    id: grantIdentifier(input, award),
    title: GRANT_TITLE,
    description: domain.description,
    currency: 'GBP',
    amountAwarded: minorToPoundsNumber(award.amountMinor),
    amountDisbursed: minorToPoundsNumber(keptMinor(award)),
    awardDate: award.awardedOn,
    recipientIndividual: { id: recipientIdentifier(input, award), name: INDIVIDUAL_RECIPIENT_NAME },
    fundingOrganization: [{ id: funderIdentifier(input), name: input.alliance.name }],
    grantProgramme: [{ code: PROGRAMME_CODE, title: PROGRAMME_TITLE }],
    toIndividualsDetails: { primaryGrantReason: GRANT_REASON, grantPurpose: [...domain.purposes] },
  };
}

export const CSV_HEADER = [
  'Grant ID',
  'Award date',
  'Recovery-capital domain',
  'Amount awarded',
  'Paid',
  'Cancelled',
  'Returned',
  'Outstanding',
  'Status',
  'Follow-up',
] as const;

const STATUS_LABEL: Readonly<Record<PublishedAward['status'], string>> = {
  active: 'Active',
  cancelled: 'Cancelled',
};

const FOLLOW_UP_LABEL: Readonly<Record<PublishedAward['followUpStatus'], string>> = {
  due: 'Due',
  overdue: 'Overdue',
  heard: 'Heard back',
  waived: 'Waived',
};

/**
 * What happened to the money of an award, in the words a treasurer uses: how much was paid (and
 * whether the rest was cancelled), then whether any of it came back.
 */
export function whatHappened(award: PublishedAward): string {
  const paid =
    award.status === 'cancelled'
      ? award.paidMinor > 0
        ? 'Part paid, rest cancelled'
        : 'Cancelled'
      : award.paidMinor >= award.amountMinor
        ? 'Paid'
        : award.paidMinor > 0
          ? 'Part paid'
          : 'Awaiting payment';
  if (award.returnedMinor === 0) return paid;
  return `${paid}, ${award.returnedMinor >= award.paidMinor ? 'all returned' : 'part returned'}`;
}

/**
 * The grant register as CSV (RFC 4180): the header line, then one line per award, oldest first.
 * Every line already ends in '\r\n', so the caller writes the lines as they come, adding nothing.
 * The input is checked before the first line is produced, so a caller streaming the lines never
 * sends half a file for bad data. Grant IDs are the same as in the 360Giving package.
 */
export function grantsCsvLines(input: PublishInput): Iterable<string> {
  const awards = checkedAndOrdered(input);
  return csvLines(input, awards);
}

function* csvLines(input: PublishInput, awards: readonly PublishedAward[]): Generator<string> {
  yield csvRecord(CSV_HEADER);
  for (const award of awards) yield csvLine(input, award);
}

/** One award's line of the register. */
export function csvLine(input: PublishHead, award: PublishedAward): string {
  return csvRecord([
    grantIdentifier(input, award),
    award.awardedOn,
    DOMAIN_PUBLICATION[award.domain].label,
    formatMinor(award.amountMinor),
    formatMinor(award.paidMinor),
    formatMinor(award.cancelledMinor),
    formatMinor(award.returnedMinor),
    formatMinor(outstandingMinor(award)),
    whatHappened(award),
    FOLLOW_UP_LABEL[award.followUpStatus],
  ]);
}

/** One CSV record with its '\r\n' line end, each field quoted only when RFC 4180 requires it. */
export function csvRecord(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}

// A field is quoted when it holds a comma, a quote or a line break; quotes inside are doubled.
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** What is still to be paid: awarded less paid less cancelled. Returns do not reopen a grant. */
export function outstandingMinor(award: PublishedAward): number {
  return new Decimal(award.amountMinor)
    .minus(award.paidMinor)
    .minus(award.cancelledMinor)
    .toNumber();
}

/** What the person was paid and kept: paid less returned. This is 360Giving's amountDisbursed. */
export function keptMinor(award: PublishedAward): number {
  return new Decimal(award.paidMinor).minus(award.returnedMinor).toNumber();
}

/**
 * Pence to pounds as a JSON number: 12050 -> 120.5. The division is done in decimal; the result
 * has at most 12 significant digits (amounts are capped at MAX_AMOUNT_MINOR), and every decimal
 * of at most 15 significant digits survives the trip through a binary double unchanged, so
 * JSON.stringify writes exactly the digits of formatMinor, less trailing zeros.
 */
export function minorToPoundsNumber(minor: number): number {
  assertSafeMinor(minor);
  if (Math.abs(minor) > MAX_AMOUNT_MINOR)
    throw new Error(`amount in pence is too large to publish: ${minor}`);
  return new Decimal(minor).dividedBy(100).toNumber();
}

export function grantIdentifier(input: PublishHead, award: PublishedAward): string {
  return `${input.orgIdPrefix}-${input.alliance.id}-${award.awardId}`;
}

function funderIdentifier(input: PublishHead): string {
  return `${input.orgIdPrefix}-${input.alliance.id}`;
}

/**
 * The anonymous identifier 360Giving asks for ("prefix-IND-reference"). Only the first 64 bits of
 * the already-hashed key are shown: enough to tell one person's grants apart from another's in
 * the alliance, and nothing that leads back to who they are.
 */
export function recipientIdentifier(input: PublishHead, award: PublishedAward): string {
  return `${input.orgIdPrefix}-IND-${input.alliance.id}-${award.recipientKey.slice(0, RECIPIENT_KEY_CHARS)}`;
}

// Identifier parts are restricted to letters, digits, '_' and '-' (as 360Giving advises), which
// also means no published field can start a spreadsheet formula or need CSV quoting.
const ID_PART = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const PREFIX = /^360G-[A-Za-z0-9][A-Za-z0-9_-]*$/;
const RECIPIENT_KEY = /^[0-9a-f]{32,}$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Refuses input that would publish something wrong or something personal, then orders the awards
 * by award date and then award id. Ordering compares code units, never the locale, so it is the
 * same everywhere.
 */
function checkedAndOrdered(input: PublishInput): PublishedAward[] {
  checkHead(input);
  const seen = new Set<string>();
  for (const award of input.awards) {
    checkAward(award);
    if (seen.has(award.awardId)) throw new Error(`award ${award.awardId} appears twice`);
    seen.add(award.awardId);
  }
  return [...input.awards].sort(compareAwards);
}

/** Award date, then award id: the order of every published file. */
export function compareAwards(a: PublishedAward, b: PublishedAward): number {
  return compareText(a.awardedOn, b.awardedOn) || compareText(a.awardId, b.awardId);
}

/** Refuses a head that would publish something wrong. */
export function checkHead(input: PublishHead): void {
  if (!PREFIX.test(input.orgIdPrefix))
    throw new Error(`not a 360Giving prefix: ${input.orgIdPrefix}`);
  if (!ID_PART.test(input.alliance.id))
    throw new Error(`alliance id is not usable in an identifier: ${input.alliance.id}`);
  if (input.alliance.name.trim() === '') throw new Error('alliance name is empty');
  const zoned = DATE_TIME.exec(input.generatedAt);
  if (!zoned || !isCalendarDate(zoned[1]!))
    throw new Error(`generatedAt is not an RFC 3339 date-time with a zone: ${input.generatedAt}`);
}

export function checkAward(award: PublishedAward): void {
  const where = `award ${award.awardId}`;
  if (!ID_PART.test(award.awardId))
    throw new Error(`award id is not usable in an identifier: ${award.awardId}`);
  if (!RECIPIENT_KEY.test(award.recipientKey))
    throw new Error(`${where}: recipient key is not lowercase hex of at least 32 characters`);
  if (!isCalendarDate(award.awardedOn))
    throw new Error(`${where}: awardedOn is not a YYYY-MM-DD date: ${award.awardedOn}`);
  if (!Object.hasOwn(DOMAIN_PUBLICATION, award.domain))
    throw new Error(`${where}: unknown domain ${award.domain}`);
  if (!Object.hasOwn(STATUS_LABEL, award.status))
    throw new Error(`${where}: unknown status ${award.status}`);
  if (!Object.hasOwn(FOLLOW_UP_LABEL, award.followUpStatus))
    throw new Error(`${where}: unknown follow-up status ${award.followUpStatus}`);
  for (const minor of [
    award.amountMinor,
    award.paidMinor,
    award.cancelledMinor,
    award.returnedMinor,
  ]) {
    assertSafeMinor(minor);
    if (minor < 0 || minor > MAX_AMOUNT_MINOR)
      throw new Error(`${where}: amount out of range: ${minor}`);
  }
  if (award.amountMinor === 0) throw new Error(`${where}: nothing was awarded`);
  // The books guarantee these; a breach means the caller assembled the figures wrongly.
  if (outstandingMinor(award) < 0)
    throw new Error(`${where}: paid and cancelled exceed the amount awarded`);
  if (keptMinor(award) < 0) throw new Error(`${where}: more was returned than was paid`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}
