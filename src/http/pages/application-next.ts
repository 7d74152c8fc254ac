import Decimal from 'decimal.js';
import type { Role } from '../../core/context.js';
import type { getApplication } from '../../core/sparks/application-timeline.js';
import { longDate, path, pounds } from './format.js';

type Application = Awaited<ReturnType<typeof getApplication>>;
type Link = { href: string; label: string };

/**
 * What a correction just did, for the confirmation at the top of the application's page, read
 * back from the books: the address only says which job was done, and a job the books do not show
 * done (an old bookmark, a hand-typed address) confirms nothing.
 */
export function awardDone(
  done: string | undefined,
  a: Application,
  who: string,
): { title: string; body: string } | null {
  const award = a.award;
  if (done === 'withdrawn' && a.status === 'withdrawn')
    return { title: 'Application withdrawn', body: `${who} withdrew it` };
  if (!award) return null;
  if (done === 'cancel' && award.status === 'cancelled')
    return {
      title: 'Award cancelled',
      body: `${pounds(award.cancelled)} not paid to ${who} went back to the fund`,
    };
  if (done === 'return' && award.returned !== '0.00')
    return {
      title: 'Money handed back recorded',
      body: `${pounds(award.returned)} handed back by ${who} in all, back in the fund`,
    };
  const open = award.followUp?.state === 'due' || award.followUp?.state === 'overdue';
  if (done === 'extend' && award.followUp && open)
    return {
      title: 'Follow-up date moved',
      body: `${who} is now asked to come back by ${longDate(award.followUp.dueOn)}`,
    };
  if (done === 'waive' && award.followUp?.state === 'waived')
    return { title: 'Follow-up waived', body: `${who} is not asked to come back` };
  return null;
}

/**
 * The corrections open on an application, each only where it can be done and by whom the use
 * case allows: the panel changes contact details and withdraws what is undecided; coordinators
 * also cancel, record returns, waive follow-ups and erase a person's details.
 */
export function correctionLinks(a: Application, erased: boolean, role: Role): Link[] {
  const staff = role === 'coordinator' || role === 'panel';
  const coordinator = role === 'coordinator';
  const award = a.award;
  const links: (Link | false)[] = [
    staff &&
      ['received', 'deferred'].includes(a.status) && {
        href: path`/sparks/applications/${a.id}/withdrawal`,
        label: 'Withdraw the application',
      },
    coordinator &&
      !!award &&
      award.status !== 'cancelled' &&
      award.outstanding !== '0.00' && {
        href: path`/sparks/awards/${award.id}/cancel`,
        label: `Cancel the award (${pounds(award.outstanding)} not yet paid)`,
      },
    coordinator &&
      !!award &&
      new Decimal(award.paid).greaterThan(award.returned) && {
        href: path`/sparks/awards/${award.id}/returns`,
        label: 'Record money handed back',
      },
    coordinator &&
      !!award?.followUp &&
      ['due', 'overdue'].includes(award.followUp.state) && {
        href: path`/sparks/awards/${award.id}/waiver`,
        label: 'Waive the follow-up',
      },
    coordinator &&
      !!award?.followUp &&
      ['due', 'overdue'].includes(award.followUp.state) && {
        href: path`/sparks/awards/${award.id}/extension`,
        label: 'Give them longer to come back',
      },
    staff &&
      !erased && {
        href: path`/sparks/applicants/${a.applicantId}/contact`,
        label: 'Change their name or contact details',
      },
    coordinator &&
      !erased && {
        href: path`/sparks/applicants/${a.applicantId}/erasure`,
        label: 'Erase their personal details',
      },
  ];
  return links.filter((l): l is Link => !!l);
}
