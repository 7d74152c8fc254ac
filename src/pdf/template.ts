import { z } from 'zod';
import account from '../../templates/statements/account.json';
import budget from '../../templates/statements/budget.json';
import common from '../../templates/statements/common.json';
import fund from '../../templates/statements/fund.json';
import grantRegister from '../../templates/statements/grant-register.json';
import minutes from '../../templates/statements/minutes.json';
import pool from '../../templates/statements/pool.json';
import subjectAccessApplicant from '../../templates/statements/subject-access-applicant.json';
import subjectAccessPerson from '../../templates/statements/subject-access-person.json';
import trialBalance from '../../templates/statements/trial-balance.json';

/**
 * The statement templates in templates/statements/, checked against these schemas the first time
 * each is used, so a misspelt key fails loudly in the tests instead of printing a blank.
 * A new statement adds its JSON file and one line to STATEMENT_TEMPLATES.
 */
const STATEMENT_TEMPLATES: Record<string, unknown> = {
  account,
  budget,
  pool,
  fund,
  'grant-register': grantRegister,
  minutes,
  'trial-balance': trialBalance,
  'subject-access-applicant': subjectAccessApplicant,
  'subject-access-person': subjectAccessPerson,
};

const Text = z.string();
const Lines = z.array(Text).default([]);
const Font = z.enum(['regular', 'bold']);
const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const Points = z.number().positive().max(2000);
const Page = z.object({ width: Points, height: Points }).strict();

const CommonTemplate = z
  .object({
    about: Text.optional(),
    page: Page.extend({
      margins: z.object({ top: Points, right: Points, bottom: Points, left: Points }).strict(),
    }).strict(),
    fonts: z.object({ regular: Text, bold: Text }).strict(),
    colours: z.object({ text: Colour, muted: Colour, rule: Colour }).strict(),
    header: z
      .array(
        z
          .object({
            text: Text,
            font: Font,
            size: Points,
            height: Points,
            colour: z.enum(['text', 'muted']).default('text'),
          })
          .strict(),
      )
      .min(1),
    period: z.object({ range: Text, at: Text }).strict(),
    /** The line that says whether a statement is final or runs to date, and to which day. */
    standing: z.object({ final: Text, toDate: Text }).strict(),
    /** `left` lists wordings from longest to shortest: the first that fits is printed. */
    footer: z
      .object({ height: Points, size: Points, left: z.array(Text).min(1), right: Text })
      .strict(),
    text: z.object({ size: Points, row: Points, padding: z.number().min(0).max(50) }).strict(),
    section: z
      .object({ gap: z.number().min(0).max(200), headingSize: Points, headingHeight: Points })
      .strict(),
    facts: z.object({ labelWidth: Points, valueRight: Points }).strict(),
    money: z
      .object({
        thousandsSeparator: z.string().max(1),
        negative: Text.refine((s) => s.includes('{amount}'), 'must contain {amount}'),
      })
      .strict(),
    /** Printed before the seal when the alliance has set who to contact. */
    contact: z.object({ heading: Text, text: Text }).strict(),
    months: z.array(Text).length(12),
    longDate: Text,
    seal: z
      .object({
        heading: Text,
        /** How the entries covered are described: those dated in a period, or up to a date. */
        scope: z.object({ range: Text, at: Text }).strict(),
        rows: z.array(z.object({ label: Text, value: Text }).strict()).min(1),
        none: z.array(z.object({ label: Text, value: Text }).strict()).min(1),
        note: Lines,
        shortNone: Text,
      })
      .strict(),
  })
  .strict();

const Column = z
  .object({
    key: Text,
    heading: Text,
    width: Points,
    align: z.enum(['left', 'right']).default('left'),
    /** Words for the values a cell can hold, e.g. { "cash": "Cash" }; a value without one is printed as it is. */
    values: z.record(Text, Text).optional(),
  })
  .strict();

const SectionTemplate = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('facts'),
      heading: Text,
      labels: z.record(Text, Text),
      emphasis: z.array(Text).default([]),
      note: Lines,
    })
    .strict(),
  z
    .object({
      kind: z.literal('table'),
      heading: Text,
      columns: z.array(Column).min(1).max(20),
      totalsLabel: Text,
      empty: Text,
      note: Lines,
    })
    .strict(),
]);

const StatementTemplate = z
  .object({
    title: Text,
    /** A statement may turn its pages (the grant register is landscape); margins stay common. */
    page: Page.optional(),
    sections: z.record(Text, SectionTemplate),
    /** The seal explained in the statement's own words (a holder's), instead of the common note. */
    sealNote: z.array(Text).optional(),
  })
  .strict();

export type CommonTemplate = z.infer<typeof CommonTemplate>;
export type SectionTemplate = z.infer<typeof SectionTemplate>;
export type ColumnTemplate = z.infer<typeof Column>;
export type StatementTemplate = z.infer<typeof StatementTemplate>;
export interface Template {
  common: CommonTemplate;
  statement: StatementTemplate;
  page: { width: number; height: number };
}

const cache = new Map<string, Template>();
let commonTemplate: CommonTemplate | null = null;

export function templateFor(name: string): Template {
  let template = cache.get(name);
  if (template) return template;
  const raw = STATEMENT_TEMPLATES[name];
  if (raw === undefined)
    throw new Error(`no statement template "${name}" in templates/statements/`);
  commonTemplate ??= parse('common', CommonTemplate, common);
  const statement = parse(name, StatementTemplate, raw);
  template = { common: commonTemplate, statement, page: statement.page ?? commonTemplate.page };
  cache.set(name, template);
  return template;
}

export const TEMPLATE_NAMES: readonly string[] = Object.keys(STATEMENT_TEMPLATES);

function parse<T>(name: string, schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new Error(
      `templates/statements/${name}.json is not a valid template: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return result.data;
}
