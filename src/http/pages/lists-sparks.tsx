import {
  APPLICATION_STATUS_TEXT,
  applicantLabel,
  applicationStatusLabel,
  awardStatusLabel,
  domainLabel,
} from '../../core/labels.js';
import type { ApplicationStatus } from '../../core/sparks/model.js';
import { listApplications } from '../../core/sparks/applications.js';
import { listAwards } from '../../core/sparks/awards.js';
import { listApplicants } from '../../core/sparks/people.js';
import { ErrorSummary, Radios } from './form.js';
import { longDate, path, pounds } from './format.js';
import type { PageContext, PageKit } from './kit.js';
import { filterQuery, pagingOf } from './list-paging.js';
import { dates, Filters, Results } from './list-parts.js';
import { applicantLabels } from './who.js';

const STATUSES = Object.keys(APPLICATION_STATUS_TEXT) as ApplicationStatus[];
const DATE_NAMES = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];

/** A reference as typed ("sp-7kq2"): upper case, the start of one, at most 40 characters. */
const referenceOf = (c: PageContext) =>
  c.req.query('reference')?.trim().toUpperCase().slice(0, 40) || undefined;

const alliance = (c: PageContext) => c.get('actor').allianceId;

async function applicationList(kit: PageKit, c: PageContext) {
  const paging = pagingOf(c);
  const reference = referenceOf(c);
  const asked = c.req.query('status');
  const status = STATUSES.find((s) => s === asked);
  const d = dates(c, 'received');
  const errors = d.errors;
  const ok = Object.keys(errors).length === 0;
  const page = ok
    ? await listApplications(kit.deps, kit.ctx(c), alliance(c), status ? [status] : null, {
        filter: { from: d.from.iso, to: d.to.iso, reference },
        page: paging.page,
      })
    : null;
  // Only the applicants on this page: one read, whatever the size of the alliance.
  const who = await applicantLabels(kit, c, page?.items.map((a) => a.applicantId) ?? []);
  const filters = filterQuery(c, ['reference', 'status', ...DATE_NAMES]);
  return kit.page(
    c,
    { title: 'Applications', hasErrors: !ok, back: { href: '/sparks' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Applications</h1>
      <Filters
        c={c}
        action="/sparks/applications"
        errors={errors}
        reference={reference}
        dates={d}
        datesWhat="received"
        extra={
          <Radios
            id="status"
            legend="Status"
            value={status ?? ''}
            choices={[
              { value: '', label: 'Any' },
              ...STATUSES.map((s) => ({ value: s, label: applicationStatusLabel(s) })),
            ]}
          />
        }
      />
      {page && (
        <Results
          what="applications"
          base="/sparks/applications"
          filters={filters}
          paging={paging}
          next={page.next}
          columns={[
            { label: 'Who' },
            { label: 'Asked', numeric: true },
            { label: 'For' },
            { label: 'Received' },
            { label: 'Status' },
          ]}
          rows={page.items.map((a) => [
            <a href={path`/sparks/applications/${a.id}`}>{who(a.applicantId)}</a>,
            pounds(a.amountAsked),
            domainLabel(a.domain),
            longDate(a.receivedOn),
            applicationStatusLabel(a.status),
          ])}
        />
      )}
    </>,
    ok ? 200 : 422,
  );
}

async function awardList(kit: PageKit, c: PageContext) {
  const paging = pagingOf(c);
  const reference = referenceOf(c);
  const d = dates(c, 'awarded');
  const errors = d.errors;
  const ok = Object.keys(errors).length === 0;
  const page = ok
    ? await listAwards(kit.deps, kit.ctx(c), alliance(c), {
        filter: { from: d.from.iso, to: d.to.iso, reference },
        page: paging.page,
      })
    : null;
  const who = await applicantLabels(kit, c, page?.items.map((a) => a.applicantId) ?? []);
  const pay = c.get('actor').role === 'coordinator';
  return kit.page(
    c,
    { title: 'Awards', hasErrors: !ok, back: { href: '/sparks' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Awards</h1>
      <Filters
        c={c}
        action="/sparks/awards"
        errors={errors}
        reference={reference}
        dates={d}
        datesWhat="awarded"
      />
      {page && (
        <Results
          what="awards"
          base="/sparks/awards"
          filters={filterQuery(c, ['reference', ...DATE_NAMES])}
          paging={paging}
          next={page.next}
          columns={[
            { label: 'Who' },
            { label: 'Awarded', numeric: true },
            { label: 'Still to pay', numeric: true },
            { label: 'Awarded on' },
            { label: 'Status' },
          ]}
          rows={page.items.map((a) => [
            <a href={path`/sparks/applications/${a.applicationId}`}>{who(a.applicantId)}</a>,
            pounds(a.amount),
            pay && a.status !== 'cancelled' && a.outstanding !== '0.00' ? (
              <a href={path`/sparks/awards/${a.id}/payments`}>
                Pay {pounds(a.outstanding)}
                <span class="visually-hidden"> to {who(a.applicantId)}</span>
              </a>
            ) : (
              pounds(a.outstanding)
            ),
            longDate(a.awardedOn),
            awardStatusLabel(a.status),
          ])}
        />
      )}
    </>,
    ok ? 200 : 422,
  );
}

async function applicantList(kit: PageKit, c: PageContext) {
  const paging = pagingOf(c);
  const reference = referenceOf(c);
  const page = await listApplicants(kit.deps, kit.ctx(c), alliance(c), {
    ...(reference ? { reference } : {}),
    page: paging.page,
  });
  const coordinator = c.get('actor').role === 'coordinator';
  return kit.page(
    c,
    { title: 'Applicants', back: { href: '/sparks' } },
    <>
      <h1>Applicants</h1>
      <Filters c={c} action="/sparks/applicants" errors={{}} reference={reference} />
      <Results
        what="applicants"
        base="/sparks/applicants"
        filters={filterQuery(c, ['reference'])}
        paging={paging}
        next={page.next}
        columns={[{ label: 'Who' }, { label: 'On file since' }, { label: 'Their records' }]}
        rows={page.items.map((a) => {
          const label = applicantLabel(a.reference, 'name' in a ? a.name : null);
          return [
            <>
              {label}
              {a.erased && ' (erased)'}
            </>,
            longDate(a.createdAt),
            <>
              <a href={`/sparks/applications?reference=${encodeURIComponent(a.reference)}`}>
                Applications<span class="visually-hidden"> of {label}</span>
              </a>
              {coordinator && !a.erased && (
                <>
                  {' · '}
                  <a href={path`/sparks/applicants/${a.id}/contact`}>
                    Contact<span class="visually-hidden"> of {label}</span>
                  </a>
                </>
              )}
            </>,
          ];
        })}
      />
    </>,
  );
}

/**
 * The lists a coordinator searches and the panel and auditors read: applications, awards and
 * applicants, a page at a time, through the same paged use cases as the API (so the same
 * redaction: auditors get references, amounts, dates and states, never a name or a story).
 */
export function sparksListRoutes(kit: PageKit): void {
  kit.get('/sparks/applications', (c) => applicationList(kit, c));
  kit.get('/sparks/awards', (c) => awardList(kit, c));
  kit.get('/sparks/applicants', (c) => applicantList(kit, c));
}
