import type { ServiceContext } from '../context.js';
import { SPARKS_READERS, ownAlliance, type SparksDeps } from './common.js';
import { applicantView } from './people.js';

/** At most this many applicants in one read: a page of any list names fewer. */
export const APPLICANTS_NAMED = 500;

/**
 * The applicants a page names (the rows it shows), in one read whatever the size of the
 * alliance, through the same redaction as the list: auditors get references, never a name.
 * An id of another alliance, or none, is simply not among the answers.
 */
export async function applicantsNamed(
  deps: SparksDeps,
  ctx: ServiceContext,
  allianceId: string,
  ids: readonly string[],
) {
  await ownAlliance(deps, ctx, allianceId, SPARKS_READERS, 'list applicants');
  const wanted = [...new Set(ids)].slice(0, APPLICANTS_NAMED);
  const rows = wanted.length ? await deps.sparks.getApplicants(wanted) : [];
  return rows.filter((a) => a.allianceId === allianceId).map((a) => applicantView(a, ctx.actor));
}
