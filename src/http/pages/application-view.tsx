import {
  applicantLabel,
  applicationStatusLabel,
  awardStatusLabel,
  domainLabel,
  followUpLabel,
  methodLabel,
  timelineLabel,
} from '../../core/labels.js';
import { getApplication } from '../../core/sparks/application-timeline.js';
import { getApplicant } from '../../core/sparks/people.js';
import { SummaryList, Table } from './display.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { Confirmation, NextLinks, Panel } from './layout.js';
import { awardDone, correctionLinks } from './application-next.js';

type Application = Awaited<ReturnType<typeof getApplication>>;

const Facts = ({ a, erased }: { a: Application; erased: boolean }) => (
  <SummaryList
    rows={[
      { key: 'For', value: domainLabel(a.domain) },
      'purpose' in a && { key: 'In their words', value: a.purpose ?? '' },
      'notes' in a && a.notes ? { key: 'Notes', value: a.notes } : null,
      { key: 'Asked on', value: longDate(a.receivedOn) },
      { key: 'Status', value: applicationStatusLabel(a.status) },
      erased && { key: 'Personal details', value: 'Erased at their request' },
      a.daysToDecision !== null && {
        key: 'Days to a decision',
        value: String(a.daysToDecision),
      },
      a.daysToFirstPayment !== null && {
        key: 'Days to first payment',
        value: String(a.daysToFirstPayment),
      },
    ]}
  />
);

const AwardSummary = ({ award }: { award: NonNullable<Application['award']> }) => {
  const followUp = award.followUp;
  return (
    <>
      <h2>The award</h2>
      <SummaryList
        rows={[
          { key: 'Awarded', value: `${pounds(award.amount)} on ${longDate(award.awardedOn)}` },
          { key: 'Paid', value: pounds(award.paid) },
          { key: 'Still to pay', value: pounds(award.outstanding) },
          award.returned !== '0.00' && { key: 'Handed back', value: pounds(award.returned) },
          { key: 'State', value: awardStatusLabel(award.status) },
          followUp && {
            key: 'Follow-up',
            value: `${followUpLabel(followUp.state)}: due ${longDate(followUp.dueOn)}${followUp.heardOn ? `, heard ${longDate(followUp.heardOn)}${followUp.inPerson ? ' in person' : ''}` : ''}`,
          },
          followUp && 'difference' in followUp && followUp.difference
            ? { key: 'What difference it made', value: String(followUp.difference) }
            : null,
        ]}
      />
    </>
  );
};

const Timeline = ({ a }: { a: Application }) => (
  <Table
    caption="Timeline"
    columns={[{ label: 'Date' }, { label: 'What happened' }, { label: 'Amount', numeric: true }]}
    rows={a.timeline.map((t) => [
      longDate(t.on),
      `${timelineLabel(t.event)}${t.detail ? `: ${methodLabel(t.detail)}` : ''}`,
      t.amount ? pounds(t.amount) : '',
    ])}
  />
);

/** A new application's panel: the reference to hand a new person, or whose it is. */
const Recorded = ({ given, who }: { given: string | undefined; who: string }) => (
  <Panel
    title="Application recorded"
    body={
      given ? (
        <>
          The person’s reference is <b>{given}</b>
        </>
      ) : (
        <>For {who}</>
      )
    }
  />
);

/**
 * One application from asked to heard: who (SP- reference and initials), what and why, the
 * timeline with amounts, the award and its follow-up, and what to do next. After recording a new
 * person it opens with the confirmation panel and the reference to hand them. Auditors get the
 * same without name, purpose, notes or what the person said: the use cases leave those out.
 */
export async function ApplicationPage(kit: PageKit, c: PageContext, id: string) {
  const allianceId = c.get('actor').allianceId;
  const a = await getApplication(kit.deps, kit.ctx(c), allianceId, id);
  const applicant = await getApplicant(kit.deps, kit.ctx(c), allianceId, a.applicantId);
  const name = 'name' in applicant ? applicant.name : null;
  const who = applicantLabel(applicant.reference, name);
  const given = c.req.query('reference');
  const role = c.get('actor').role;
  const mayRecord = role === 'panel' || role === 'coordinator';
  const award = a.award;
  const followUp = award?.followUp ?? null;
  const mayPay =
    !!award &&
    role === 'coordinator' &&
    award.outstanding !== '0.00' &&
    award.status !== 'cancelled';
  const mayHear = !!followUp && mayRecord && ['due', 'overdue'].includes(followUp.state);
  const recorded = given || c.req.query('recorded');
  // Read back from the books: a follow-up that is not heard is not confirmed, whatever the address.
  const heard = !recorded && !!c.req.query('heard') && followUp?.state === 'heard';
  const done = recorded || heard ? null : awardDone(c.req.query('done'), a, who);
  const coordinator = role === 'coordinator';
  return kit.page(
    c,
    {
      title: recorded
        ? 'Application recorded'
        : heard
          ? 'Follow-up recorded'
          : (done?.title ?? 'Application'),
      back: { href: '/sparks' },
    },
    <>
      {recorded ? <Recorded given={given} who={who} /> : null}
      {given && <p>Give them this reference to use if they apply again.</p>}
      {heard && (
        <Confirmation
          title="Follow-up recorded"
          body={`${who} came back on ${longDate(followUp?.heardOn)}`}
          // The page's own "What next" list, below, says where to go.
          links={[]}
        />
      )}
      {done && <Confirmation title={done.title} body={done.body} links={[]} />}
      {!recorded && !heard && !done && (
        <span class="caption">{applicationStatusLabel(a.status)}</span>
      )}
      {recorded || heard || done ? (
        <h2>
          {who} asks for {pounds(a.amountAsked)}
        </h2>
      ) : (
        <h1>
          {who} asks for {pounds(a.amountAsked)}
        </h1>
      )}
      <Facts a={a} erased={applicant.erased} />
      {award && <AwardSummary award={award} />}
      <Timeline a={a} />
      <NextLinks
        links={[
          mayPay && {
            href: path`/sparks/awards/${award!.id}/payments`,
            label: `Pay the ${pounds(award!.outstanding)} still to pay`,
          },
          mayHear && {
            href: path`/sparks/awards/${award!.id}/follow-up`,
            label: 'Record that they came back',
          },
          recorded &&
            mayRecord &&
            ['received', 'deferred'].includes(a.status) && {
              href: '/sparks/sittings/new',
              label: 'Open a panel sitting to decide it',
            },
          mayRecord && { href: '/sparks/applications/new', label: 'Record another application' },
          ...correctionLinks(a, applicant.erased, role),
          // Subject access: the API's PDF opens on the session cookie (GET only).
          coordinator && {
            href: path`/v1/alliances/${allianceId}/applicants/${a.applicantId}/subject-access.pdf`,
            label: `Download everything held about ${applicant.reference} (PDF)`,
          },
          { href: '/sparks', label: 'Go back to Small Sparks' },
        ]}
      />
    </>,
  );
}
