import type { BudgetsStore } from '../budgets/store.js';
import { erasePerson } from '../budgets/erasure.js';
import type { ServiceContext } from '../context.js';
import { localDate } from '../dates.js';
import type { LedgerDeps } from '../ledger/ledger.js';
import { eraseApplicant } from '../sparks/people.js';
import type { SparksStore } from '../sparks/store.js';
import type { PrivacyStore, RetentionCandidate } from './store.js';

export interface RetentionDeps extends LedgerDeps {
  sparks: SparksStore;
  budgets: BudgetsStore;
  privacy: PrivacyStore;
}

/** Who the access log and the erasures name as the actor: the job, never a person's token. */
export const RETENTION_ACTOR = 'job:retention';

/**
 * At most this many people are erased per alliance in one run, so one run stays well inside a
 * Worker invocation's query budget (an erasure is about five queries); a backlog is worked off
 * over the following runs, oldest activity first.
 */
export const DEFAULT_PER_RUN = 50;

/** The same calendar day `years` earlier (29 February becomes the 28th). */
export function yearsBefore(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const year = y - years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface RetentionReport {
  ranAt: string;
  dryRun: boolean;
  alliances: { allianceId: string; retentionYears: number; keptFrom: string }[];
  /** Who was erased (or would be, on a dry run): references and dates, never a name. */
  erased: (RetentionCandidate & { allianceId: string })[];
}

/**
 * Retention: for each alliance, erases every applicant and budget person whose last activity
 * (src/store/privacy-store.ts says which dates count) is older than the alliance's retention
 * period, through the same erasure use cases a coordinator uses, and writes each erasure to the
 * access log as the retention job. People with anything still running (an application waiting,
 * a budget open) are never due. Running it again does nothing more: erased people are skipped.
 */
export async function runRetention(
  deps: RetentionDeps,
  now: Date,
  options: { dryRun?: boolean; perAlliance?: number } = {},
): Promise<RetentionReport> {
  const dryRun = options.dryRun ?? false;
  const report: RetentionReport = { ranAt: now.toISOString(), dryRun, alliances: [], erased: [] };
  for (const policy of await deps.privacy.retentionPolicies()) {
    const { allianceId } = policy;
    const keptFrom = yearsBefore(localDate(now, policy.timeZone), policy.retentionYears);
    report.alliances.push({ allianceId, retentionYears: policy.retentionYears, keptFrom });
    const due = await deps.privacy.retentionDue(
      allianceId,
      keptFrom,
      options.perAlliance ?? DEFAULT_PER_RUN,
    );
    for (const person of due) {
      if (!dryRun) await erase(deps, now, allianceId, person);
      report.erased.push({ ...person, allianceId });
    }
  }
  return report;
}

async function erase(deps: RetentionDeps, now: Date, allianceId: string, who: RetentionCandidate) {
  const ctx: ServiceContext = {
    actor: { tokenId: RETENTION_ACTOR, role: 'coordinator', allianceId, holderId: null },
    now,
    requestId: deps.ids('job'),
  };
  if (who.kind === 'applicant') await eraseApplicant(deps, ctx, allianceId, who.id);
  else await erasePerson(deps, ctx, who.id);
  await deps.store.commit(() => [
    {
      kind: 'access',
      record: {
        allianceId,
        at: now.toISOString(),
        tokenId: RETENTION_ACTOR,
        role: 'coordinator',
        method: 'JOB',
        route: 'retention',
        what: `erased after the retention period (last activity ${who.lastActivityOn})`,
        subjectId: who.id,
        requestId: ctx.requestId,
      },
    },
  ]);
}
