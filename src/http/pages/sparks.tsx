import { fundSummary, getAlliance } from '../../core/sparks/alliances.js';
import { workingList } from '../../core/sparks/follow-ups.js';
import { domainLabel, followUpLabel } from '../../core/labels.js';
import { ukFinancialYear } from '../../core/statements/model.js';
import { fundByMonth } from '../../core/reports/series.js';
import { FundChart } from './charts.js';
import { Figures, Table, Tag } from './display.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { Banner } from './layout.js';
import { applicantLabels } from './who.js';

type Work = Awaited<ReturnType<typeof workingList>>;

const Fund = ({
  fund,
  months,
}: {
  fund: Awaited<ReturnType<typeof fundSummary>>;
  months: Awaited<ReturnType<typeof fundByMonth>>;
}) => (
  <>
    <h2>The fund</h2>
    <Figures
      items={[
        { amount: pounds(fund.available), label: 'available to award', lead: true },
        { amount: pounds(fund.committed), label: 'awarded, not yet paid' },
        { amount: pounds(fund.received), label: 'received' },
        { amount: pounds(fund.awarded), label: 'awarded' },
        { amount: pounds(fund.paid), label: 'paid' },
        { amount: pounds(fund.returned), label: 'handed back' },
      ]}
    />
    <h3>The fund over this financial year</h3>
    <FundChart months={months} />
  </>
);

const FollowUpsDue = ({
  work,
  awardById,
  who,
  writes,
}: {
  work: Work;
  awardById: Map<string, { applicantId: string }>;
  who: (applicantId: string) => string;
  writes: boolean;
}) => (
  <>
    <h2>Follow-ups due in the next 14 days or overdue ({work.counts.followUpsDue})</h2>
    {work.counts.followUpsDue > work.followUpsDue.length && (
      <p>
        These are the {work.followUpsDue.length} due soonest.{' '}
        <a href="/sparks/follow-ups">Find any of them in the follow-ups list</a>
      </p>
    )}
    {work.followUpsDue.length ? (
      <Table
        caption={<span class="visually-hidden">Follow-ups due</span>}
        columns={[{ label: 'Who' }, { label: 'Due' }, { label: 'State' }]}
        rows={work.followUpsDue.map((f) => {
          const award = awardById.get(f.awardId);
          const label = award ? who(award.applicantId) : 'An award';
          return [
            writes ? (
              <a href={path`/sparks/awards/${f.awardId}/follow-up`}>
                <span class="visually-hidden">Record that </span>
                {label}
                <span class="visually-hidden"> came back</span>
              </a>
            ) : (
              label
            ),
            longDate(f.dueOn),
            <Tag tone={f.state === 'overdue' ? 'orange' : 'grey'}>{followUpLabel(f.state)}</Tag>,
          ];
        })}
      />
    ) : (
      <p class="muted">No follow-ups are due.</p>
    )}
  </>
);

/** Running the fund (a coordinator's), the lists, and the sittings and statements. */
const MoreLinks = ({
  coordinator,
  writes,
  allianceId,
  q,
}: {
  coordinator: boolean;
  writes: boolean;
  allianceId: string;
  q: string;
}) => (
  <>
    {coordinator && (
      <>
        <h2>Running the fund</h2>
        <ul class="links">
          <li>
            <a href="/sparks/receipts/new">Record money received</a>
          </li>
          <li>
            <a href="/sparks/panel">Panel members</a>
          </li>
          <li>
            <a href="/sparks/settings">Alliance settings</a>
          </li>
        </ul>
      </>
    )}
    <h2>Lists</h2>
    <ul class="links">
      <li>
        <a href="/sparks/applications">All applications</a>
      </li>
      <li>
        <a href="/sparks/awards">All awards</a>
      </li>
      <li>
        <a href="/sparks/applicants">Applicants, by reference</a>
      </li>
      <li>
        <a href="/sparks/follow-ups">All follow-ups</a>
      </li>
      <li>
        <a href="/sparks/receipts">Money received into the fund</a>
      </li>
    </ul>
    <h2>Sittings and statements</h2>
    <ul class="links">
      {writes && (
        <li>
          <a href="/sparks/sittings">Panel sittings and their minutes</a>
        </li>
      )}
      <li>
        <a href={`/v1/alliances/${encodeURIComponent(allianceId)}/statements/fund.pdf?${q}`}>
          Fund statement for this financial year (PDF)
        </a>
      </li>
      <li>
        <a
          href={`/v1/alliances/${encodeURIComponent(allianceId)}/statements/grant-register.pdf?${q}`}
        >
          Grant register for this financial year (PDF)
        </a>
      </li>
      <li>
        <a href="/statements">Other periods and exports</a>
      </li>
    </ul>
  </>
);

async function showHome(kit: PageKit, c: PageContext) {
  const actor = c.get('actor');
  const allianceId = actor.allianceId;
  // A coordinator whose alliance is not set up yet starts there.
  if (actor.role === 'coordinator' && !(await kit.deps.sparks.getAlliance(allianceId)))
    return c.redirect('/sparks/setup', 303);
  const [alliance, fund, work] = await Promise.all([
    getAlliance(kit.deps, kit.ctx(c), allianceId),
    fundSummary(kit.deps, kit.ctx(c), allianceId),
    workingList(kit.deps, kit.ctx(c), allianceId, 14),
  ]);
  // Whose each follow-up is: only the awards of the follow-ups shown, read in one query (the
  // working list has already checked they are this alliance's).
  const awards = await kit.deps.sparks.getAwards(work.followUpsDue.map((f) => f.awardId));
  const awardById = new Map(awards.map((a) => [a.id, a]));
  const who = await applicantLabels(kit, c, [
    ...work.awaitingDecision.map((a) => a.applicantId),
    ...work.awaitingPayment.map((a) => a.applicantId),
    ...work.followUpsDue.flatMap((f) => awardById.get(f.awardId)?.applicantId ?? []),
  ]);
  const fy = ukFinancialYear(work.asOf);
  // The year so far, month by month, from the fund account's postings (12 reads at most).
  const months = await fundByMonth(kit.deps.store, allianceId, fy.from, fy.to, work.asOf);
  const writes = actor.role !== 'auditor';
  const narratives = actor.role !== 'auditor';
  const q = `from=${fy.from}&to=${fy.to}`;
  return kit.page(
    c,
    { title: 'Small Sparks' },
    <>
      {c.req.query('setUp') && <Banner heading={`${alliance.name} is set up`} />}
      <span class="caption">{alliance.name}</span>
      <h1>Small Sparks</h1>
      {writes && (
        <div class="button-group">
          <a class="button" href="/sparks/sittings/new">
            Open a panel sitting
          </a>
          <a class="button button--secondary" href="/sparks/applications/new">
            Record an application
          </a>
        </div>
      )}
      <p class="muted">
        On {longDate(work.asOf)}. Grants from {pounds(alliance.grantFloor)} to{' '}
        {pounds(alliance.grantCeiling)}; the person comes back within {alliance.followUpDays} days
        to say what difference it made.
      </p>
      <Fund fund={fund} months={months} />
      <h2>Waiting for a decision ({work.counts.awaitingDecision})</h2>
      {work.counts.awaitingDecision > work.awaitingDecision.length && (
        <p>
          These are the {work.awaitingDecision.length} waiting longest.{' '}
          <a href="/sparks/applications">Find any of them in the applications list</a>
        </p>
      )}
      {work.awaitingDecision.length ? (
        <Table
          caption={<span class="visually-hidden">Applications waiting for a decision</span>}
          columns={[
            { label: 'Who' },
            { label: 'Asked', numeric: true },
            { label: 'For' },
            ...(narratives ? [{ label: 'In their words' }] : []),
            { label: 'Asked on' },
          ]}
          rows={work.awaitingDecision.map((a) => [
            <a href={path`/sparks/applications/${a.id}`}>{who(a.applicantId)}</a>,
            pounds(a.amountAsked),
            domainLabel(a.domain),
            ...(narratives ? ['purpose' in a ? (a.purpose ?? '') : ''] : []),
            <>
              {longDate(a.receivedOn)}
              {a.status === 'deferred' && <> (deferred)</>}
            </>,
          ])}
        />
      ) : (
        <p class="muted">No applications are waiting.</p>
      )}
      <h2>Awarded, waiting for payment ({work.counts.awaitingPayment})</h2>
      {work.counts.awaitingPayment > work.awaitingPayment.length && (
        <p>
          These are the {work.awaitingPayment.length} waiting longest.{' '}
          <a href="/sparks/awards">Find any of them in the awards list</a>
        </p>
      )}
      {work.awaitingPayment.length ? (
        <Table
          caption={<span class="visually-hidden">Awards waiting for payment</span>}
          columns={[
            { label: 'Who' },
            { label: 'Awarded', numeric: true },
            { label: 'Still to pay', numeric: true },
            { label: 'Awarded on' },
          ]}
          rows={work.awaitingPayment.map((a) => [
            <a href={path`/sparks/applications/${a.applicationId}`}>{who(a.applicantId)}</a>,
            pounds(a.amount),
            actor.role === 'coordinator' ? (
              <a href={path`/sparks/awards/${a.id}/payments`}>
                Pay {pounds(a.outstanding)}
                <span class="visually-hidden"> to {who(a.applicantId)}</span>
              </a>
            ) : (
              pounds(a.outstanding)
            ),
            longDate(a.awardedOn),
          ])}
        />
      ) : (
        <p class="muted">Every award has been paid.</p>
      )}
      <FollowUpsDue work={work} awardById={awardById} who={who} writes={writes} />
      <MoreLinks
        coordinator={actor.role === 'coordinator'}
        writes={writes}
        allianceId={allianceId}
        q={q}
      />
    </>,
  );
}

/**
 * The Small Sparks home: what the fund holds, then the working list of a sitting (waiting for a
 * decision, waiting for payment, follow-ups due), each person by their SP- reference and initials.
 * Auditors see amounts, dates and states, never what an application is for.
 */
export function sparksHomeRoutes(kit: PageKit): void {
  kit.get('/sparks', (c) => showHome(kit, c));
}
