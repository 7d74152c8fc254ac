import type { ServiceContext } from '../context.js';
import {
  applicationStatusLabel,
  categoryLabel,
  controlLabel,
  domainLabel,
  followUpLabel,
  methodLabel,
  outcomeLabel,
  roleLabel,
  spendStatusLabel,
} from '../labels.js';
import { parseAmount } from '../money.js';
import type { ApplicantSubjectAccess, PersonSubjectAccess } from '../privacy/subject-access.js';
import { generatedOn, sealFor, snapshotHead, type StatementsDeps } from './common.js';
import type { Cell, Section, Statement } from './model.js';

const KIND_TEXT: Record<string, string> = {
  holder: 'Budget holder',
  supporter: 'Supporter (a trusted person named on budgets)',
  broker: 'Broker',
};

/** Characters of free text on one printed line; longer words continue on the next lines. */
const LINE_CHARS = 95;

const pence = (amount: string | null): Cell => {
  const parsed = amount === null ? null : parseAmount(amount.replace(/^-/, ''));
  if (!parsed?.ok) return '';
  return { minor: amount!.startsWith('-') ? -parsed.minor : parsed.minor };
};
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

/** Text cut into lines at spaces, so nothing a person said is lost to the layout's one-line rows. */
export function wrapText(text: string, width = LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    for (let w = word; w.length > 0; ) {
      const room = line ? width - line.length - 1 : width;
      if (w.length <= room) {
        line = line ? `${line} ${w}` : w;
        w = '';
      } else if (line) {
        lines.push(line);
        line = '';
      } else {
        lines.push(w.slice(0, width));
        w = w.slice(width);
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

type Said = { on: string; about: string; text: string | null | undefined };

/** Every word stored about the person, one row per printed line; the first line says what it is. */
function wordsTable(said: Said[]): Section {
  const rows: Record<string, Cell>[] = [];
  for (const s of said) {
    if (!s.text) continue;
    for (const [i, line] of wrapText(s.text).entries())
      rows.push({ on: i ? '' : s.on, about: i ? '' : s.about, text: line });
  }
  return table('words', rows);
}

function accessTable(log: ApplicantSubjectAccess['accessLog']): Section {
  return table(
    'access',
    log.items.map((i) => ({
      at: i.at.slice(0, 16).replace('T', ' '),
      who: i.who.tokenName ?? 'A credential no longer on file',
      role: roleLabel(i.who.role),
      what: i.what,
    })),
  );
}

const table = (id: string, rows: Record<string, Cell>[]): Section => ({
  kind: 'table',
  id,
  rowCount: rows.length,
  rows: () => rows,
  totals: null,
});

async function statement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  view: ApplicantSubjectAccess | PersonSubjectAccess,
  template: string,
  sections: Section[],
): Promise<Statement> {
  const from = view.subject.registeredAt.slice(0, 10);
  const to = generatedOn(ctx);
  const seal = await sealFor(deps, {
    allianceId: view.alliance.id,
    from,
    to,
    headSeq: await snapshotHead(deps),
  });
  return {
    template,
    organisation: view.alliance.name,
    period: { from, to },
    generatedOn: to,
    vars: { reference: view.subject.reference },
    sections,
    seal,
    // What is held as of today: never a closed period's final figures.
    standing: { final: false, runsTo: to, lockedThrough: null },
  };
}

/** An applicant's subject access export as a statement (templates/statements/subject-access-applicant.json). */
export function applicantSubjectAccessStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  v: ApplicantSubjectAccess,
): Promise<Statement> {
  const s = v.subject;
  return statement(deps, ctx, v, 'subject-access-applicant', [
    {
      kind: 'facts',
      id: 'subject',
      facts: [
        { key: 'reference', value: s.reference },
        { key: 'name', value: s.name ?? (s.erasedAt ? 'Erased' : 'Not given') },
        { key: 'contact', value: s.contact ?? (s.erasedAt ? 'Erased' : 'Not given') },
        { key: 'registered', value: day(s.registeredAt) },
        { key: 'consent', value: day(s.consentRecordedAt) },
        { key: 'erased', value: s.erasedAt ? day(s.erasedAt) : 'No' },
      ],
    },
    table(
      'applications',
      v.applications.map((a) => ({
        received: a.receivedOn,
        asked: pence(a.amountAsked),
        domain: domainLabel(a.domain),
        status: applicationStatusLabel(a.status),
        decided: a.decisions.map((d) => `${outcomeLabel(d.outcome)} ${d.decidedOn}`).join('; '),
        awarded: a.award ? pence(a.award.amount) : '',
      })),
    ),
    ...awardTables(v.applications.flatMap((a) => (a.award ? [a.award] : []))),
    wordsTable(applicantWords(v)),
    accessTable(v.accessLog),
  ]);
}

/** A budget person's subject access export (templates/statements/subject-access-person.json). */
export function personSubjectAccessStatement(
  deps: StatementsDeps,
  ctx: ServiceContext,
  v: PersonSubjectAccess,
): Promise<Statement> {
  const s = v.subject;
  return statement(deps, ctx, v, 'subject-access-person', [
    {
      kind: 'facts',
      id: 'subject',
      facts: [
        { key: 'reference', value: s.reference },
        { key: 'name', value: s.name ?? (s.erasedAt ? 'Erased' : 'Not given') },
        { key: 'kind', value: KIND_TEXT[s.personKind] ?? s.personKind },
        { key: 'registered', value: day(s.registeredAt) },
        { key: 'erased', value: s.erasedAt ? day(s.erasedAt) : 'No' },
      ],
    },
    table(
      'budgets',
      v.budgets.map((b) => ({
        period: `${b.periodStart} to ${b.periodEnd}`,
        control: controlLabel(b.controlMode),
        status: b.status === 'open' ? 'Open' : `Closed ${b.closedOn ?? ''}`.trim(),
      })),
    ),
    ...budgetTables(v),
    table(
      'pools',
      v.poolPurchases.map((p) => ({
        on: p.boughtOn,
        pool: p.pool,
        category: categoryLabel(p.category),
        amount: pence(p.amount),
        share: pence(p.theirShare),
      })),
    ),
    table(
      'namedOn',
      v.namedOn.map((n) => ({
        holder: n.holderReference,
        role: n.role === 'broker' ? 'Broker' : 'Co-holder',
        added: day(n.addedAt),
        removed: day(n.removedAt),
      })),
    ),
    table(
      'credentials',
      v.access.map((c) => ({
        kind: c.kind === 'token' ? 'API token' : 'Sign-in code',
        name: c.name ?? '',
        role: roleLabel(c.role),
        created: day(c.createdAt),
        used: day(c.lastUsedAt),
      })),
    ),
    wordsTable(personWords(v)),
    accessTable(v.accessLog),
  ]);
}

/** The applicant's and the panel's own words, each with when and what it was about. */
function applicantWords(v: ApplicantSubjectAccess): Said[] {
  return v.applications.flatMap((a) => [
    { on: a.receivedOn, about: 'What they asked for', text: a.purpose },
    { on: a.receivedOn, about: 'Notes on the application', text: a.notes },
    ...a.decisions.map((d) => ({
      on: d.decidedOn,
      about: 'Reason for the decision',
      text: d.reason,
    })),
    ...(a.award
      ? [
          { on: a.award.awardedOn, about: 'What the award is for', text: a.award.purpose },
          {
            on: a.award.cancelledOn ?? '',
            about: 'Why it was cancelled',
            text: a.award.cancelReason,
          },
          {
            on: a.award.followUp?.heardOn ?? '',
            about: 'What difference it made',
            text: a.award.followUp?.difference,
          },
          { on: '', about: 'Why the follow-up was waived', text: a.award.followUp?.waivedReason },
          ...a.award.payments.flatMap((p) => [
            { on: p.paidOn, about: 'Payment: the supplier', text: p.supplier },
            { on: p.paidOn, about: 'Payment: its reference', text: p.reference },
          ]),
        ]
      : []),
  ]);
}

/** Payments, money handed back and follow-ups of the applicant's awards. */
function awardTables(
  awards: NonNullable<ApplicantSubjectAccess['applications'][number]['award']>[],
): Section[] {
  return [
    table(
      'payments',
      awards.flatMap((w) => [
        ...w.payments.map((p) => ({
          on: p.paidOn,
          what: methodLabel(p.method),
          amount: pence(p.amount),
        })),
        ...w.returns.map((r) => ({
          on: r.returnedOn,
          what: 'Handed back',
          amount: pence(`-${r.amount}`),
        })),
      ]),
    ),
    table(
      'followUps',
      awards.flatMap((w) =>
        w.followUp
          ? [
              {
                due: w.followUp.dueOn,
                status: followUpLabel(w.followUp.status),
                heard: w.followUp.heardOn ?? '',
                inPerson:
                  w.followUp.inPerson === null
                    ? ''
                    : w.followUp.inPerson
                      ? 'In person'
                      : 'Not in person',
                improved: w.followUp.domainsImproved.map(domainLabel).join(', '),
              },
            ]
          : [],
      ),
    ),
  ];
}

/** What the person and others wrote about their spends, purchases and budgets. */
function personWords(v: PersonSubjectAccess): Said[] {
  return [
    ...v.budgets.flatMap((b) =>
      b.spends.flatMap((s) => [
        { on: s.spentOn, about: 'Spend: who with', text: s.provider },
        { on: s.spentOn, about: 'Spend: what for', text: s.description },
        { on: s.spentOn, about: 'Spend: reason for the decision', text: s.decisionReason },
      ]),
    ),
    ...v.poolPurchases.flatMap((p) => [
      { on: p.boughtOn, about: `${p.pool}: who with`, text: p.provider },
      { on: p.boughtOn, about: `${p.pool}: what for`, text: p.description },
    ]),
    ...v.namedOn.map((n) => ({
      on: day(n.removedAt),
      about: 'Why they were taken off a budget',
      text: n.removedReason,
    })),
  ];
}

/** Every movement of money and every spend of the budgets the person holds. */
function budgetTables(v: PersonSubjectAccess): Section[] {
  const period = (id: string) => {
    const b = v.budgets.find((x) => x.id === id);
    return b ? `${b.periodStart} to ${b.periodEnd}` : '';
  };
  return [
    table(
      'movements',
      v.budgets.flatMap((b) =>
        b.movements.map((m) => ({
          on: m.effectiveDate,
          budget: period(b.id),
          what: m.account === 'held for approval' ? `${m.what} (money on hold)` : m.what,
          amount: pence(m.amount),
        })),
      ),
    ),
    table(
      'spends',
      v.budgets.flatMap((b) =>
        b.spends.map((x) => ({
          on: x.spentOn,
          budget: period(b.id),
          category: categoryLabel(x.category),
          status: spendStatusLabel(x.status),
          amount: pence(x.amount),
        })),
      ),
    ),
  ];
}
