import { followUpLabel } from '../../core/labels.js';
import { PANEL_WORK } from '../../core/sparks/common.js';
import type { FollowUpFilter } from '../../core/sparks/follow-ups.js';
import { pageFollowUps, pageReceipts } from '../../core/sparks/list-pages.js';
import { Tag } from './display.js';
import { ErrorSummary, Radios } from './form.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { dates, Filters, Results } from './list-parts.js';
import { applicantLabels } from './who.js';

const DATE_NAMES = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];
/** The follow-up states people ask for, in their words; "due soon" is the next 14 days. */
const STATES: { value: FollowUpFilter; label: string }[] = [
  { value: 'all', label: 'Any' },
  { value: 'due-soon', label: 'Due in the next 14 days' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'heard', label: 'Heard' },
  { value: 'waived', label: 'Waived' },
];
const SOON_DAYS = 14;

/**
 * The money received into the fund and the impact follow-ups, a page at a time, through the same
 * paged use cases as GET …/receipts and …/follow-ups: receipts by the dates received, follow-ups
 * by state and the dates due. A follow-up names the person by SP- reference and initials.
 */
export function fundListRoutes(kit: PageKit): void {
  receiptList(kit);
  followUpList(kit);
}

const alliance = (c: PageContext) => c.get('actor').allianceId;

function receiptList(kit: PageKit): void {
  kit.get('/sparks/receipts', async (c) => {
    const paging = pagingOf(c);
    const d = dates(c, 'received');
    const ok = Object.keys(d.errors).length === 0;
    const page = ok
      ? await pageReceipts(
          kit.deps,
          kit.ctx(c),
          alliance(c),
          { ...(d.from.iso ? { from: d.from.iso } : {}), ...(d.to.iso ? { to: d.to.iso } : {}) },
          paging.page,
        )
      : null;
    const coordinator = c.get('actor').role === 'coordinator';
    return kit.page(
      c,
      { title: 'Money received', hasErrors: !ok, back: { href: '/sparks' } },
      <>
        <ErrorSummary errors={d.errors} />
        <h1>Money received</h1>
        {coordinator && (
          <a class="button" href="/sparks/receipts/new">
            Record money received
          </a>
        )}
        <Filters
          c={c}
          action="/sparks/receipts"
          errors={d.errors}
          reference={false}
          dates={d}
          datesWhat="received"
        />
        {page && (
          <Results
            what="receipts"
            base="/sparks/receipts"
            filters={filterQuery(c, DATE_NAMES)}
            paging={paging}
            next={page.next}
            columns={[
              { label: 'Received on' },
              { label: 'From' },
              { label: 'Their reference' },
              { label: 'Restricted' },
              { label: 'Amount', numeric: true },
            ]}
            rows={page.items.map((r) => [
              longDate(r.receivedOn),
              r.funder,
              r.reference ?? 'None given',
              r.restricted ? 'Yes' : 'No',
              pounds(r.amount),
            ])}
          />
        )}
      </>,
      ok ? 200 : 422,
    );
  });
}

function followUpList(kit: PageKit): void {
  kit.get('/sparks/follow-ups', async (c) => {
    const paging = pagingOf(c);
    const state = STATES.find((s) => s.value === c.req.query('state'))?.value ?? 'all';
    const d = dates(c, 'due');
    const ok = Object.keys(d.errors).length === 0;
    const range = {
      ...(d.from.iso ? { from: d.from.iso } : {}),
      ...(d.to.iso ? { to: d.to.iso } : {}),
    };
    const page = ok
      ? await pageFollowUps(
          kit.deps,
          kit.ctx(c),
          alliance(c),
          { state, withinDays: SOON_DAYS, ...range },
          paging.page,
        )
      : null;
    // Whose each follow-up is: the awards on this page, then their applicants, one read each.
    const awards = await kit.deps.sparks.getAwards(page?.items.map((f) => f.awardId) ?? []);
    const applicantOf = new Map(awards.map((a) => [a.id, a.applicantId]));
    const who = await applicantLabels(kit, c, [...applicantOf.values()]);
    const writes = (PANEL_WORK as readonly string[]).includes(c.get('actor').role);
    return kit.page(
      c,
      { title: 'Follow-ups', hasErrors: !ok, back: { href: '/sparks' } },
      <>
        <ErrorSummary errors={d.errors} />
        <h1>Follow-ups</h1>
        <Filters
          c={c}
          action="/sparks/follow-ups"
          errors={d.errors}
          reference={false}
          dates={d}
          datesWhat="due"
          extra={<Radios id="state" legend="State" value={state} choices={STATES} />}
        />
        {page && (
          <Results
            what="follow-ups"
            base="/sparks/follow-ups"
            filters={filterQuery(c, ['state', ...DATE_NAMES])}
            paging={paging}
            next={page.next}
            columns={[{ label: 'Who' }, { label: 'Due' }, { label: 'State' }]}
            rows={page.items.map((f) => {
              const applicant = applicantOf.get(f.awardId);
              const label = applicant ? who(applicant) : 'An award';
              return [
                writes ? <a href={path`/sparks/awards/${f.awardId}/follow-up`}>{label}</a> : label,
                longDate(f.dueOn),
                <Tag tone={f.state === 'overdue' ? 'orange' : 'grey'}>
                  {followUpLabel(f.state)}
                </Tag>,
              ];
            })}
          />
        )}
      </>,
      ok ? 200 : 422,
    );
  });
}
