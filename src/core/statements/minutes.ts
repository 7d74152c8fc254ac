import type { ServiceContext } from '../context.js';
import { applicantLabel, domainLabel, outcomeLabel } from '../labels.js';
import { parseAmount } from '../money.js';
import type { SittingMinutes } from '../sparks/minutes.js';
import {
  generatedOn,
  sealFor,
  snapshotHead,
  statementDates,
  type StatementsDeps,
} from './common.js';
import type { Cell, Statement } from './model.js';

const pence = (amount: string): number => {
  const parsed = parseAmount(amount);
  return parsed.ok ? parsed.minor : 0;
};

/**
 * A sitting's minutes as a statement the panel can keep: who sat, conflicts, every decision with
 * its amount or its reason, laid out by templates/statements/minutes.json. Sealed by the entries
 * of the alliance dated on the day of the sitting (the awards it made among them), so the PDF can
 * be checked against the books like any statement.
 */
export async function minutesStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  minutes: SittingMinutes,
): Promise<Statement> {
  const day = minutes.sitting.heldOn;
  const { standing } = await statementDates(deps, ctx, minutes.alliance.id, { from: day, to: day });
  const headSeq = await snapshotHead(deps);
  const seal = await sealFor(deps, {
    allianceId: minutes.alliance.id,
    from: day,
    to: day,
    headSeq,
  });
  const lived = minutes.members.filter((m) => m.livedExperience).length;
  const awarded = minutes.decisions.reduce((sum, d) => sum + (d.amount ? pence(d.amount) : 0), 0);
  const decisionRows: Record<string, Cell>[] = minutes.decisions.map((d) => ({
    applicant: applicantLabel(d.applicantReference, d.applicantName),
    asked: { minor: pence(d.amountAsked) },
    domain: domainLabel(d.domain),
    outcome: outcomeLabel(d.outcome),
    amount: d.amount ? { minor: pence(d.amount) } : '',
    because: (d.outcome === 'award' ? d.purpose : d.reason) ?? '',
    deciding: `${d.decidingMembers} (${d.livedExperienceMembers} lived)`,
  }));
  return {
    template: 'minutes',
    organisation: minutes.alliance.name,
    period: { from: day, to: day },
    standing,
    generatedOn: generatedOn(ctx),
    vars: { heldOn: day },
    sections: [
      {
        kind: 'facts',
        id: 'sitting',
        facts: [
          { key: 'present', value: String(minutes.members.length) },
          { key: 'lived', value: String(lived) },
          { key: 'quorum', value: String(minutes.alliance.quorum) },
          { key: 'decisions', value: String(minutes.decisions.length) },
        ],
      },
      table(
        'members',
        minutes.members.map((m) => ({
          member: m.name ?? 'A panel member',
          lived: m.livedExperience ? 'Yes' : 'No',
        })),
      ),
      table(
        'conflicts',
        minutes.conflicts.map((c) => ({
          applicant: applicantLabel(c.applicantReference, c.applicantName),
          member: c.memberName ?? 'A panel member',
        })),
      ),
      {
        ...table('decisions', decisionRows),
        totals: decisionRows.length ? { amount: { minor: awarded } } : null,
      },
    ],
    seal,
  };
}

const table = (id: string, rows: Record<string, Cell>[]) => ({
  kind: 'table' as const,
  id,
  rowCount: rows.length,
  rows: () => rows,
  totals: null,
});
