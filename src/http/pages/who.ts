import { applicantLabel } from '../../core/labels.js';
import { listApplicants } from '../../core/sparks/people.js';
import type { PageContext, PageKit } from './kit.js';

/**
 * Applicants as a panel knows them: the SP- reference they were given and their initials
 * ("SP-7KQ2-M9XD (JS)"). Auditors get the reference alone: the use case never gives them a name,
 * so no initials can be made from one.
 */
export async function applicantLabels(
  kit: PageKit,
  c: PageContext,
): Promise<(applicantId: string) => string> {
  const { items } = await listApplicants(kit.deps, kit.ctx(c), c.get('actor').allianceId);
  const labels = new Map(
    items.map((a) => [a.id, applicantLabel(a.reference, 'name' in a ? a.name : null)]),
  );
  return (id) => labels.get(id) ?? 'An applicant no longer on file';
}
