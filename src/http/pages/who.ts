import { applicantLabel } from '../../core/labels.js';
import { applicantsNamed } from '../../core/sparks/applicants-named.js';
import type { PageContext, PageKit } from './kit.js';

/**
 * Applicants as a panel knows them: the SP- reference they were given and their initials
 * ("SP-7KQ2-M9XD (JS)"). Auditors get the reference alone: the use case never gives them a name,
 * so no initials can be made from one. Only the applicants the page shows are read (one query),
 * never the whole alliance.
 */
export async function applicantLabels(
  kit: PageKit,
  c: PageContext,
  applicantIds: readonly string[],
): Promise<(applicantId: string) => string> {
  const items = await applicantsNamed(
    kit.deps,
    kit.ctx(c),
    c.get('actor').allianceId,
    applicantIds,
  );
  const labels = new Map(
    items.map((a) => [a.id, applicantLabel(a.reference, 'name' in a ? a.name : null)]),
  );
  return (id) => labels.get(id) ?? 'An applicant no longer on file';
}
