import { KindlingError } from '../../core/errors.js';
import { formatMinor, parseAmount } from '../../core/money.js';
import { requireRole } from '../../core/policy.js';
import { createAlliance, getAlliance, updateAlliance } from '../../core/sparks/alliances.js';
import { COORDINATORS } from '../../core/sparks/common.js';
import { DEFAULT_SETTINGS } from '../../core/sparks/model.js';
import { Button, ErrorSummary, Hidden, Radios, TextField, type FieldErrors } from './form.js';
import { formAmount, said, text, typed, type Form, type PageContext, type PageKit } from './kit.js';
import { Banner, NextLinks } from './layout.js';

/** The settings as a form shows them: every answer a string, as typed. */
type Values = Record<string, string>;

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** Field id → what a missing or wrong answer says (the use case's refusals map onto these ids). */
const WHOLE_NUMBERS: Record<string, { what: string; min: number; max: number }> = {
  followUpDays: { what: 'how many days they have to come back', min: 1, max: 365 },
  quorum: { what: 'how many members make a quorum', min: 1, max: 20 },
  retentionYears: { what: 'how many years personal details are kept', min: 1, max: 50 },
};
const REFUSALS: Record<string, string> = {
  grantFloor: 'The smallest grant must be more than £0.00',
  grantCeiling: 'The largest grant must be at least the smallest and at most £100,000.00',
  followUpDays: 'Enter a number of days from 1 to 365',
  quorum: 'Enter a number of members from 1 to 20',
  retentionYears: 'Enter a number of years from 1 to 50',
  timeZone: 'Enter a time zone such as Europe/London',
  bankAccountEnding: 'Enter the last 2 to 4 digits of the account number only',
};

/**
 * Setting up the alliance and changing its settings, coordinators only, through the API's own use
 * cases (createAlliance, updateAlliance): the name, the grant floor and ceiling, the follow-up
 * window, the quorum and lived-experience rule, the time zone whose date is "today", how long
 * personal details are kept, and the bank and contact lines printed on statements.
 */
export function allianceSettingsRoutes(kit: PageKit): void {
  const alliance = (c: PageContext) => c.get('actor').allianceId;
  const existing = async (c: PageContext) => {
    try {
      return await getAlliance(kit.deps, kit.ctx(c), alliance(c));
    } catch (error) {
      if (error instanceof KindlingError && error.code === 'alliance_not_found') return null;
      throw error;
    }
  };

  const show = (
    c: PageContext,
    setup: boolean,
    values: Values,
    errors: FieldErrors,
    status: 200 | 409 | 422 = 200,
  ) => {
    const title = setup ? 'Set up your alliance' : 'Alliance settings';
    return kit.page(
      c,
      { title, hasErrors: status !== 200, back: { href: '/sparks' } },
      <>
        <ErrorSummary errors={errors} />
        {status === 200 && c.req.query('saved') && <Banner heading="Settings saved" />}
        <h1>{title}</h1>
        <form method="post" action={setup ? '/sparks/setup' : '/sparks/settings'} novalidate>
          {setup && <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />}
          <SettingsFields values={values} errors={errors} />
          <Button>{setup ? 'Set up the alliance' : 'Save the settings'}</Button>
        </form>
      </>,
      status,
    );
  };

  kit.get('/sparks/setup', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'set up an alliance');
    const found = await existing(c);
    if (found)
      return kit.page(
        c,
        { title: 'Your alliance is set up', back: { href: '/sparks' } },
        <>
          <h1>Your alliance is set up</h1>
          <p>{found.name} is already set up. You can change its settings at any time.</p>
          <NextLinks links={[{ href: '/sparks/settings', label: 'Change the settings' }]} />
        </>,
      );
    return show(c, true, valuesOf({ ...DEFAULT_SETTINGS, name: '' }), {});
  });

  kit.get('/sparks/settings', async (c) => {
    requireRole(c.get('actor'), COORDINATORS, 'change alliance settings');
    const found = await existing(c);
    if (!found) return c.redirect('/sparks/setup', 303);
    return show(c, false, valuesOf(settingsOf(found)), {});
  });

  for (const setup of [true, false]) {
    kit.post(setup ? '/sparks/setup' : '/sparks/settings', async (c) => {
      requireRole(c.get('actor'), COORDINATORS, 'change alliance settings');
      const form = await c.req.parseBody();
      const values = typed(form);
      const { input, errors } = readSettings(form);
      if (Object.keys(errors).length) return show(c, setup, values, errors, 422);
      try {
        if (setup)
          await createAlliance(
            kit.deps,
            kit.ctx(c),
            { id: alliance(c), ...input, name: input.name ?? '' },
            { key: text(form.key) ?? null },
          );
        else await updateAlliance(kit.deps, kit.ctx(c), alliance(c), input);
      } catch (error) {
        if (!(error instanceof KindlingError) || !['invalid', 'conflict'].includes(error.kind))
          throw error;
        if (error.code === 'alliance_exists') return c.redirect('/sparks/settings', 303);
        const refused: FieldErrors = {};
        for (const f of error.fields) refused[f.path] = REFUSALS[f.path] ?? said(error);
        if (!error.fields.length) refused.name = said(error);
        return show(c, setup, values, refused, error.kind === 'invalid' ? 422 : 409);
      }
      return c.redirect(setup ? '/sparks?setUp=1' : '/sparks/settings?saved=1', 303);
    });
  }
}

/** Pence from the decimal string the use case answers with (always well formed). */
const minorOf = (amount: string) => {
  const parsed = parseAmount(amount);
  return parsed.ok ? parsed.minor : 0;
};

function settingsOf(a: Awaited<ReturnType<typeof getAlliance>>) {
  return {
    ...DEFAULT_SETTINGS,
    ...a,
    grantFloorMinor: minorOf(a.grantFloor),
    grantCeilingMinor: minorOf(a.grantCeiling),
  };
}

function valuesOf(s: typeof DEFAULT_SETTINGS & { name: string }): Values {
  return {
    name: s.name,
    grantFloor: formatMinor(s.grantFloorMinor),
    grantCeiling: formatMinor(s.grantCeilingMinor),
    followUpDays: String(s.followUpDays),
    quorum: String(s.quorum),
    livedExperienceMajority: s.livedExperienceMajority ? 'yes' : 'no',
    allowAwardWhenOverdue: s.allowAwardWhenOverdue ? 'yes' : 'no',
    timeZone: s.timeZone,
    retentionYears: String(s.retentionYears),
    bankName: s.bankName ?? '',
    bankAccountEnding: s.bankAccountEnding ?? '',
    contactLine: s.contactLine ?? '',
  };
}

/** Every answer judged at once; an empty optional line clears it (null), as the API's PATCH. */
function readSettings(form: Form) {
  const errors: FieldErrors = {};
  const name = text(form.name);
  if (!name) errors.name = 'Enter the alliance’s name';
  else if (name.length > 120) errors.name = 'The name must be 120 characters or fewer';
  const amount = (id: string, what: string) => {
    try {
      return formAmount(form[id], id);
    } catch (error) {
      if (!(error instanceof KindlingError)) throw error;
      errors[id] = text(form[id]) ? said(error) : `Enter ${what}`;
      return undefined;
    }
  };
  const grantFloorMinor = amount('grantFloor', 'the smallest grant');
  const grantCeilingMinor = amount('grantCeiling', 'the largest grant');
  const whole: Record<string, number | undefined> = {};
  for (const [id, rule] of Object.entries(WHOLE_NUMBERS)) {
    const v = text(form[id]) ?? '';
    const n = /^\d{1,3}$/.test(v) ? Number(v) : Number.NaN;
    if (!v) errors[id] = `Enter ${rule.what}`;
    else if (!(n >= rule.min && n <= rule.max)) errors[id] = REFUSALS[id]!;
    else whole[id] = n;
  }
  const yesNo = (id: string, what: string) => {
    const v = text(form[id]);
    if (v !== 'yes' && v !== 'no') errors[id] = `Choose whether ${what}`;
    return v === 'yes';
  };
  const line = (id: string, max: number, what: string) => {
    const v = text(form[id]) ?? null;
    if (v && v.length > max) errors[id] = `${what} must be ${max} characters or fewer`;
    return v;
  };
  const input = {
    name,
    grantFloorMinor,
    grantCeilingMinor,
    followUpDays: whole.followUpDays,
    quorum: whole.quorum,
    retentionYears: whole.retentionYears,
    livedExperienceMajority: yesNo(
      'livedExperienceMajority',
      'lived experience must be the majority',
    ),
    allowAwardWhenOverdue: yesNo('allowAwardWhenOverdue', 'an overdue follow-up stops a new award'),
    timeZone: text(form.timeZone) ?? 'Europe/London',
    bankName: line('bankName', 80, 'The bank’s name'),
    bankAccountEnding: text(form.bankAccountEnding) ?? null,
    contactLine: line('contactLine', 200, 'The contact line'),
  };
  return { input, errors };
}

type FieldsProps = { values: Values; errors: FieldErrors };

const GrantFields = ({ values: v, errors: e }: FieldsProps) => (
  <>
    <h2>Grants</h2>
    {(
      [
        ['grantFloor', 'Smallest grant, in pounds'],
        ['grantCeiling', 'Largest grant, in pounds'],
      ] as const
    ).map(([id, label]) => (
      <TextField
        id={id}
        label={label}
        width="w10"
        inputmode="decimal"
        value={v[id]}
        error={e[id]}
      />
    ))}
    <TextField
      id="followUpDays"
      label="Days the person has to come back and say what difference it made"
      width="w4"
      inputmode="numeric"
      value={v.followUpDays}
      error={e.followUpDays}
    />
    <Radios
      id="allowAwardWhenOverdue"
      legend="May a person with an overdue follow-up get another award?"
      hint="Answer ‘No’ to have the panel hear or waive the overdue follow-up first."
      value={v.allowAwardWhenOverdue}
      error={e.allowAwardWhenOverdue}
      choices={YES_NO}
    />
  </>
);

const PanelFields = ({ values: v, errors: e }: FieldsProps) => (
  <>
    <h2>Panel</h2>
    <TextField
      id="quorum"
      label="Members needed to decide (quorum)"
      width="w4"
      inputmode="numeric"
      value={v.quorum}
      error={e.quorum}
    />
    <Radios
      id="livedExperienceMajority"
      legend="Must people with lived experience of recovery be the majority of those deciding?"
      value={v.livedExperienceMajority}
      error={e.livedExperienceMajority}
      choices={YES_NO}
    />
  </>
);

const RecordFields = ({ values: v, errors: e }: FieldsProps) => (
  <>
    <h2>Records and statements</h2>
    <TextField
      id="timeZone"
      label="Time zone"
      hint="Whose date is ‘today’ for the books, for example Europe/London."
      width="w20"
      value={v.timeZone}
      error={e.timeZone}
    />
    <TextField
      id="retentionYears"
      label="Years a person’s details are kept after they were last in touch"
      width="w4"
      inputmode="numeric"
      value={v.retentionYears}
      error={e.retentionYears}
    />
    <TextField
      id="bankName"
      label="Bank (optional)"
      hint="Printed on statements, with the last digits of the account."
      width="w20"
      value={v.bankName}
      error={e.bankName}
    />
    <TextField
      id="bankAccountEnding"
      label="Last 2 to 4 digits of the account number (optional)"
      width="w4"
      inputmode="numeric"
      value={v.bankAccountEnding}
      error={e.bankAccountEnding}
    />
    <TextField
      id="contactLine"
      label="Who to contact if something on a statement looks wrong (optional)"
      value={v.contactLine}
      error={e.contactLine}
    />
  </>
);

const SettingsFields = (props: FieldsProps) => (
  <>
    <TextField
      id="name"
      label="The alliance’s name"
      value={props.values.name}
      error={props.errors.name}
    />
    <GrantFields {...props} />
    <PanelFields {...props} />
    <RecordFields {...props} />
  </>
);
