import { getApplication } from '../../core/sparks/application-timeline.js';
import { getSitting } from '../../core/sparks/sittings.js';
import { longDate, path } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { applicantLabels } from './who.js';

/** A follow-up that stopped a decision: where to hear or waive it, and the words that say so. */
export interface Overdue {
  message: string;
  links: { href: string; label: string }[];
}

/**
 * When the panel's decision is refused because the person has a follow-up overdue, the form says
 * which one (by the person's SP- reference and initials and the date it was due, never an id) and
 * links straight to its page, where it can be heard or, by a coordinator, waived. The use case
 * judges "overdue" on the sitting's date, so the same date picks the follow-ups here.
 */
export async function overdueFor(
  kit: PageKit,
  c: PageContext,
  sittingId: string,
  applicationId: string,
): Promise<Overdue> {
  const alliance = c.get('actor').allianceId;
  const [application, sitting] = await Promise.all([
    getApplication(kit.deps, kit.ctx(c), alliance, applicationId),
    getSitting(kit.deps, kit.ctx(c), alliance, sittingId),
  ]);
  // The applicant's own open follow-ups only, read by applicant (the use case's own query): never
  // the alliance's every award and follow-up, which grow with its history.
  const [open, who] = await Promise.all([
    kit.deps.sparks.overdueFollowUps(application.applicantId, sitting.heldOn),
    applicantLabels(kit, c, [application.applicantId]),
  ]);
  const person = who(application.applicantId);
  const first = open[0];
  return {
    message: first
      ? `${person} has a follow-up overdue since ${longDate(first.dueOn)}. Hear it or waive it before the panel makes another award`
      : `${person} has a follow-up overdue. Hear it or waive it before the panel makes another award`,
    links: open.map((f) => ({
      href: path`/sparks/awards/${f.awardId}/follow-up`,
      label: `Open ${person}’s follow-up, due ${longDate(f.dueOn)}`,
    })),
  };
}
