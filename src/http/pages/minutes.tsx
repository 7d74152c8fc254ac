import { applicantLabel, domainLabel, outcomeLabel } from '../../core/labels.js';
import { sittingMinutes } from '../../core/sparks/minutes.js';
import { minutesStatement } from '../../core/statements/minutes.js';
import { renderStatementPdf } from '../../pdf/render.js';
import { SummaryList, Table } from './display.js';
import { longDate, path, pounds } from './format.js';
import type { PageKit } from './kit.js';

/**
 * The panel's record: each sitting's minutes (who sat, the conflicts declared, every decision
 * with its amount or its reason) as a page and as a PDF to keep. Minutes carry the panel's words,
 * so they are for the panel and coordinators only. The list of sittings is lists-sittings.tsx.
 */
export function minutesRoutes(kit: PageKit): void {
  kit.get('/sparks/sittings/:sitting/minutes', async (c) => {
    const m = await sittingMinutes(
      kit.deps,
      kit.ctx(c),
      c.get('actor').allianceId,
      c.req.param('sitting')!,
    );
    const lived = m.members.filter((x) => x.livedExperience).length;
    const sittingPath = path`/sparks/sittings/${m.sitting.id}`;
    return kit.page(
      c,
      { title: 'Minutes', back: { href: sittingPath, label: 'Back to the sitting' } },
      <>
        <span class="caption">{m.alliance.name}: Small Sparks panel</span>
        <h1>Minutes of {longDate(m.sitting.heldOn)}</h1>
        <SummaryList
          rows={[
            {
              key: 'Who sat',
              value: m.members
                .map(
                  (x) => `${x.name ?? 'A member'}${x.livedExperience ? ' (lived experience)' : ''}`,
                )
                .join(', '),
            },
            {
              key: 'Present',
              value: `${m.members.length}, ${lived} with lived experience; quorum ${m.alliance.quorum}`,
            },
            {
              key: 'Conflicts declared',
              value: m.conflicts.length
                ? m.conflicts
                    .map(
                      (x) =>
                        `${x.memberName ?? 'A member'} on ${applicantLabel(x.applicantReference, x.applicantName)}`,
                    )
                    .join('; ')
                : 'None',
            },
          ]}
        />
        {m.decisions.length ? (
          <Table
            caption={`Decisions (${m.decisions.length})`}
            columns={[
              { label: 'Applicant' },
              { label: 'Asked', numeric: true },
              { label: 'For' },
              { label: 'Decision' },
              { label: 'Awarded', numeric: true },
              { label: 'What for, or why' },
            ]}
            rows={m.decisions.map((d) => [
              <a href={path`/sparks/applications/${d.applicationId}`}>
                {applicantLabel(d.applicantReference, d.applicantName)}
              </a>,
              pounds(d.amountAsked),
              domainLabel(d.domain),
              outcomeLabel(d.outcome),
              d.amount ? pounds(d.amount) : 'None',
              (d.outcome === 'award' ? d.purpose : d.reason) ?? 'Not recorded',
            ])}
          />
        ) : (
          <p>No decisions were made at this sitting.</p>
        )}
        <ul class="links">
          <li>
            <a href={`${sittingPath}/minutes.pdf`}>Download these minutes (PDF)</a>
          </li>
          <li>
            <a href={sittingPath}>Go back to the sitting</a>
          </li>
        </ul>
      </>,
    );
  });

  kit.get('/sparks/sittings/:sitting/minutes.pdf', async (c) => {
    const deps = { ...kit.deps, statements: kit.deps.store.statements };
    const m = await sittingMinutes(
      deps,
      kit.ctx(c),
      c.get('actor').allianceId,
      c.req.param('sitting')!,
    );
    const statement = await minutesStatement(deps, kit.ctx(c), m);
    return new Response(await renderStatementPdf(statement), {
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="minutes-${m.sitting.heldOn}.pdf"`,
        'cache-control': 'no-store',
      },
    });
  });
}
