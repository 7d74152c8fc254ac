import type { Role, ServiceContext } from './context.js';
import { invalid } from './errors.js';
import { requireRole } from './policy.js';
import { isIsoDate } from './ledger/model.js';
import type { PrivacyStore } from './privacy/store.js';

/** One read of personal data: who (a token), when, what, through which route. */
export interface AccessRecord {
  allianceId: string;
  at: string;
  tokenId: string;
  role: Role;
  method: string;
  route: string;
  what: string;
  subjectId: string | null;
  requestId: string;
}

export interface AccessLogRow extends AccessRecord {
  id: number;
  /** The token's name now (an erased person's token reads "erased"). */
  tokenName: string | null;
}

export interface AccessLogStore {
  listAccessLog(query: {
    allianceId: string;
    subjectId: string | null;
    beforeId: number | null;
    limit: number;
  }): Promise<AccessLogRow[]>;
}

const ID = '([a-z]{3}_[A-Za-z0-9_]+)';
/**
 * The reads that carry personal data (a person, what they asked for or said, a budget's spends,
 * an export with names), as routes; the subject is the id in the path, when there is one.
 * Aggregate figures (fund, trial balance, report) and the ledger are not personal reads. Pages
 * count as much as the API: a coordinator opening an application on a phone is a read.
 */
const PERSONAL_READS: { route: RegExp; what: string }[] = [
  { route: /^\/v1\/alliances\/[^/]+\/applicants(?:\/ID)?$/, what: 'applicant' },
  { route: /^\/v1\/alliances\/[^/]+\/applications(?:\/ID)?$/, what: 'application' },
  { route: /^\/v1\/alliances\/[^/]+\/awards(?:\/ID)?$/, what: 'award' },
  { route: /^\/v1\/alliances\/[^/]+\/follow-ups$/, what: 'follow-ups' },
  { route: /^\/v1\/alliances\/[^/]+\/working-list$/, what: 'working list' },
  { route: /^\/v1\/alliances\/[^/]+\/grants\.csv$/, what: 'grant register export' },
  { route: /^\/v1\/budgets(?:\/ID)?$/, what: 'budget' },
  { route: /^\/v1\/budgets\/ID\/statement\.pdf$/, what: 'budget statement' },
  { route: /^\/v1\/me\/budgets$/, what: 'own budgets' },
  { route: /^\/v1\/spends\/ID$/, what: 'spend' },
  { route: /^\/v1\/pools\/ID(?:\/statement\.pdf)?$/, what: 'pool' },
  {
    route: /^\/v1\/alliances\/[^/]+\/applicants\/ID\/subject-access(?:\.pdf)?$/,
    what: 'subject access export',
  },
  { route: /^\/v1\/people\/ID\/subject-access(?:\.pdf)?$/, what: 'subject access export' },
  // How a person is reminded holds their phone number or email address.
  { route: /^\/v1\/alliances\/[^/]+\/contacts\/ID$/, what: 'reminder contact' },
  // The web pages that show the same things, read through a session.
  { route: /^\/sparks$/, what: 'working list' },
  { route: /^\/sparks\/applications\/ID$/, what: 'application' },
  { route: /^\/sparks\/awards\/ID\/(?:follow-up|payments|paid)$/, what: 'award' },
  { route: /^\/sparks\/sittings\/ID(?:\/minutes(?:\.pdf)?)?$/, what: 'sitting' },
  { route: /^\/my$/, what: 'own budgets' },
  { route: /^\/my\/spends\/ID$/, what: 'spend' },
  { route: /^\/access$/, what: 'sign-in codes' },
  { route: /^\/reminders\/contacts\/ID$/, what: 'reminder contact' },
].map(({ route, what }) => ({ route: new RegExp(route.source.replaceAll('ID', ID)), what }));

/** The kinds of read the log records, as the `what` of its lines: the web page filters by them. */
export const READ_KINDS: readonly string[] = [...new Set(PERSONAL_READS.map((r) => r.what))];

/** What a successful GET of `path` read of personal data, or null when it read none. */
export function personalRead(path: string): { what: string; subjectId: string | null } | null {
  for (const { route, what } of PERSONAL_READS) {
    const match = route.exec(path);
    if (match) return { what, subjectId: match[1] ?? null };
  }
  return null;
}

/** Scheduled jobs write as `job:<name>`: "The retention job". */
export function jobName(tokenId: string): string | null {
  return tokenId.startsWith('job:') ? `The ${tokenId.slice(4)} job` : null;
}

/** The access log of the caller's alliance, newest first; coordinators only. */
export async function listAccessLog(
  deps: { accessLog: AccessLogStore },
  ctx: ServiceContext,
  query: { subject?: string | undefined; before?: number | undefined; limit: number },
) {
  requireRole(ctx.actor, ['coordinator'], 'read the access log');
  if (query.limit < 1 || query.limit > 500)
    throw invalid('invalid_limit', 'limit is 1 to 500.', [{ path: 'limit', message: '1 to 500' }]);
  const rows = await deps.accessLog.listAccessLog({
    allianceId: ctx.actor.allianceId,
    subjectId: query.subject ?? null,
    beforeId: query.before ?? null,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      who: { tokenId: r.tokenId, tokenName: r.tokenName ?? jobName(r.tokenId), role: r.role },
      route: `${r.method} ${r.route}`,
      what: r.what,
      subjectId: r.subjectId,
      requestId: r.requestId,
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * A page of the access log for the web: each line with the reference of the person it is about,
 * filtered by a person's SP-/IB- reference (all their records), what was read and UTC dates.
 */
export async function accessLogForPeople(
  deps: { privacy: PrivacyStore },
  ctx: ServiceContext,
  filter: { reference?: string; what?: string; from?: string; to?: string; before?: number },
) {
  requireRole(ctx.actor, ['coordinator'], 'read the access log');
  for (const key of ['from', 'to'] as const) {
    const value = filter[key];
    if (value !== undefined && !isIsoDate(value))
      throw invalid(
        'invalid_date',
        `Enter the ${key === 'from' ? 'first' : 'last'} day as 2026-06-01.`,
        [{ path: key, message: 'not a date' }],
      );
  }
  const what = filter.what && READ_KINDS.includes(filter.what) ? filter.what : null;
  const limit = 50;
  const rows = await deps.privacy.accessLogPage({
    allianceId: ctx.actor.allianceId,
    reference: filter.reference ? filter.reference.trim().toUpperCase() : null,
    what,
    from: filter.from ?? null,
    to: filter.to ?? null,
    beforeId: filter.before ?? null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at,
      who: r.tokenName ?? jobName(r.tokenId),
      role: r.role,
      what: r.what,
      about: r.subjectLabel,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
