import type { Stream } from '../../core/budgets/model.js';
import { streamAccount } from '../../core/budgets/model.js';
import { createStream, fundStream, streamView } from '../../core/budgets/setup.js';
import { notFound } from '../../core/errors.js';
import { categoryLabel } from '../../core/labels.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { DOMAINS } from '../../core/sparks/model.js';
import { Answers, coordinatorOnly, dateError, refusal } from './budget-forms.js';
import { SummaryList } from './display.js';
import {
  Button,
  Checkboxes,
  DateInput,
  ErrorSummary,
  Hidden,
  Radios,
  TextArea,
  TextField,
  type DateParts,
  type FieldErrors,
} from './form.js';
import { path, pounds } from './format.js';
import { dateParts, partsOf, texts, type PageContext, type PageKit } from './kit.js';
import { Banner, Confirmation } from './layout.js';

/** "Gambling, Alcohol" → ['gambling', 'alcohol']: kinds of spend as codes, from words. */
const codes = (typed: string | undefined) =>
  (typed ?? '')
    .split(',')
    .map((w) =>
      w
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter(Boolean);
const list = (typed: string | undefined, by: RegExp) =>
  (typed ?? '')
    .split(by)
    .map((w) => w.trim())
    .filter(Boolean);

const FIELDS: Record<string, string> = {
  name: 'name',
  approvalLimit: 'approvalLimit',
  topSlicePercent: 'topSlicePercent',
  reserve: 'reserve',
  coreCategories: 'coreCategories',
  coreProviders: 'coreProviders',
  forbiddenCategories: 'forbidden',
  extraCategories: 'forbidden',
  allowedProviders: 'providers',
};

const newPage = (
  kit: PageKit,
  c: PageContext,
  v: Record<string, string>,
  core: string[],
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) =>
  kit.page(
    c,
    { title: 'Create a funding stream', hasErrors: status !== 200, back: { href: '/budgets' } },
    <>
      <ErrorSummary errors={errors} />
      <h1>Create a funding stream</h1>
      <form method="post" action="/budgets/streams/new" novalidate>
        <Hidden name="key" value={v.key ?? kit.deps.ids('form')} />
        <TextField
          id="name"
          label="Name of the stream"
          hint="For example, Treatment or Housing."
          value={v.name}
          error={errors.name}
        />
        <TextField
          id="approvalLimit"
          label="Spends above this need a second person to approve them, in pounds"
          width="w10"
          inputmode="decimal"
          value={v.approvalLimit}
          error={errors.approvalLimit}
        />
        <TextField
          id="topSlicePercent"
          label="Brokerage top-slice, in percent"
          hint="Taken from each allocation to pay for brokerage. 0 for none; at most 50."
          width="w4"
          inputmode="decimal"
          value={v.topSlicePercent ?? '0'}
          error={errors.topSlicePercent}
        />
        <TextField
          id="forbidden"
          label="Kinds of spend it will not pay for (optional)"
          hint="Separate them with commas, for example: gambling, alcohol."
          value={v.forbidden}
          error={errors.forbidden}
        />
        <TextArea
          id="providers"
          label="The only providers it pays (optional)"
          hint="One on each line. Leave empty to allow any provider."
          value={v.providers}
          error={errors.providers}
        />
        <TextField
          id="reserve"
          label="Guaranteed minimum kept in each budget for core support, in pounds (optional)"
          hint="It cannot be spent on anything else until the period ends."
          width="w10"
          inputmode="decimal"
          value={v.reserve}
          error={errors.reserve}
        />
        <Checkboxes
          id="coreCategories"
          legend="What the guaranteed minimum is kept for"
          hint="Needed if there is a guaranteed minimum."
          values={core}
          error={errors.coreCategories}
          choices={DOMAINS.map((d) => ({ value: d, label: categoryLabel(d) }))}
        />
        <TextField
          id="coreProviders"
          label="Core providers the minimum may also be spent with (optional)"
          hint="Separate them with commas."
          value={v.coreProviders}
          error={errors.coreProviders}
        />
        <Radios
          id="periodEndRule"
          legend="At the end of a budget’s period, what happens to what is left?"
          value={v.periodEndRule}
          error={errors.periodEndRule}
          choices={[
            { value: 'return', label: 'It goes back to the stream' },
            { value: 'rollover', label: 'It rolls over into the next period' },
          ]}
        />
        <Button>Create the stream</Button>
      </form>
    </>,
    status,
  );

function showNew(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'create funding streams');
  return newPage(kit, c, {}, [], {});
}

async function create(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'create funding streams');
  const form = await c.req.parseBody();
  const a = new Answers(form);
  const name = a.text('name', 'Enter the name of the stream', 80);
  const limit = a.amount(
    'approvalLimit',
    'Enter the limit above which a second person approves',
    true,
  );
  const top = a.text('topSlicePercent') ?? '0';
  if (!/^(50(\.0{1,2})?|[1-4]?[0-9](\.[0-9]{1,2})?)$/.test(top))
    a.errors.topSlicePercent = 'Enter a top-slice from 0 to 50, like 5 or 2.5';
  const reserve = a.amount('reserve', '', true);
  const rule = a.text('periodEndRule', 'Choose what happens to what is left at period end');
  const core = texts(form.coreCategories).filter((d) => (DOMAINS as readonly string[]).includes(d));
  const v: Record<string, string> = {};
  for (const k of [
    'key',
    'name',
    'approvalLimit',
    'topSlicePercent',
    'forbidden',
    'providers',
    'reserve',
    'coreProviders',
    'periodEndRule',
  ])
    v[k] = typeof form[k] === 'string' ? (form[k] as string) : '';
  if (rule && rule !== 'return' && rule !== 'rollover')
    a.errors.periodEndRule = 'Choose what happens to what is left at period end';
  if (!a.ok || !name) return newPage(kit, c, v, core, a.errors, 422);
  const forbidden = codes(v.forbidden);
  const providers = list(v.providers, /\r?\n/);
  const [whole = '0', fraction = ''] = top.split('.');
  try {
    const s = await createStream(
      kit.deps,
      kit.ctx(c),
      {
        name,
        allowedCategories: [],
        forbiddenCategories: forbidden,
        extraCategories: forbidden,
        allowedProviders: providers.length ? providers : null,
        approvalLimitMinor: limit,
        topSliceBasisPoints: Number(whole) * 100 + Number(fraction.padEnd(2, '0')),
        periodEndRule: rule as Stream['periodEndRule'],
        reserveMinor: reserve,
        coreCategories: core,
        coreProviders: list(v.coreProviders, /,/),
      },
      { key: v.key || undefined, replayed: () => {} },
    );
    return c.redirect(`${path`/budgets/streams/${s.id}`}?done=created`, 303);
  } catch (error) {
    const r = refusal(error, FIELDS, 'name');
    return newPage(kit, c, { ...v, key: kit.deps.ids('form') }, core, r.errors, r.status);
  }
}

const streamPage = async (
  kit: PageKit,
  c: PageContext,
  v: Record<string, string>,
  date: DateParts,
  errors: FieldErrors,
  status: 200 | 409 | 422 = 200,
) => {
  const id = c.req.param('stream')!;
  // One stream and its one account, not every stream of the alliance.
  const stored = await kit.deps.budgets.getStream(id);
  if (stored?.allianceId !== c.get('actor').allianceId)
    throw notFound('stream_not_found', 'No such funding stream.');
  const balance = (await kit.deps.store.getAccounts([streamAccount(id)])).get(streamAccount(id));
  const s = streamView(stored, null);
  const found = streamView(stored, -(balance?.balanceMinor ?? 0));
  const done = status === 200 ? c.req.query('done') : undefined;
  const words = (xs: string[]) => xs.map((x) => categoryLabel(x).toLowerCase()).join(', ');
  return kit.page(
    c,
    {
      title: done === 'created' ? 'Stream created' : s.name,
      hasErrors: status !== 200,
      back: { href: '/budgets' },
    },
    <>
      <ErrorSummary errors={errors} />
      {done === 'created' ? (
        <Confirmation
          title="Stream created"
          body={s.name}
          links={[
            { href: '#amount', label: 'Put money into it below' },
            {
              href: `/budgets/new?stream=${encodeURIComponent(s.id)}`,
              label: 'Create a budget from it',
            },
          ]}
        />
      ) : (
        <>
          {done === 'funded' && (
            <Banner
              heading={`Money recorded: ${s.name} now has ${pounds(found.available ?? '0.00')} to allocate`}
            />
          )}
          <h1>{s.name}</h1>
          <ul class="links">
            <li>
              <a href={`/budgets/new?stream=${encodeURIComponent(s.id)}`}>
                Create a budget from it
              </a>
            </li>
          </ul>
        </>
      )}
      <SummaryList
        rows={[
          { key: 'To allocate', value: pounds(found.available ?? '0.00') },
          { key: 'A second person approves spends above', value: pounds(s.approvalLimit) },
          {
            key: 'Brokerage top-slice',
            value: `${s.topSlicePercent.replace(/\.?0+$/, '') || '0'}%`,
          },
          {
            key: 'Will not pay for',
            value: s.forbiddenCategories.length ? words(s.forbiddenCategories) : 'Nothing excluded',
          },
          {
            key: 'Providers',
            value: s.allowedProviders ? s.allowedProviders.join(', ') : 'Any provider',
          },
          {
            key: 'Guaranteed minimum',
            value:
              s.reserve.amount === '0.00'
                ? 'None'
                : `${pounds(s.reserve.amount)} in each budget, kept for ${[...s.reserve.coreCategories.map((x) => categoryLabel(x).toLowerCase()), ...s.reserve.coreProviders].join(', ')} until the period ends`,
          },
          {
            key: 'At period end',
            value:
              s.periodEndRule === 'return'
                ? 'What is left goes back to the stream'
                : 'What is left rolls over into the next period',
          },
        ]}
      />
      <h2>Put money into the stream</h2>
      <form method="post" action={path`/budgets/streams/${id}/funding`} novalidate>
        <Hidden name="key" value={v.key ?? kit.deps.ids('form')} />
        <TextField
          id="amount"
          label="How much, in pounds"
          width="w10"
          inputmode="decimal"
          value={v.amount}
          error={errors.amount}
        />
        <TextField
          id="funder"
          label="Who it came from"
          hint="The funder, as on the payment."
          value={v.funder}
          error={errors.funder}
        />
        <DateInput
          id="receivedOn"
          legend="When was it received?"
          value={date}
          {...dateError(errors, 'receivedOn')}
        />
        <Button>Record the money</Button>
      </form>
    </>,
    status,
  );
};

function showStream(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'manage funding streams');
  return streamPage(kit, c, {}, partsOf(isoDateOf(kit.deps.clock())), {});
}

async function fund(kit: PageKit, c: PageContext) {
  coordinatorOnly(c, 'fund streams');
  const form = await c.req.parseBody();
  const a = new Answers(form);
  const amountMinor = a.amount('amount', 'Enter how much was received');
  const funder = a.text('funder', 'Enter who it came from', 120);
  const receivedOn = a.date('receivedOn', 'the date it was received');
  const v = {
    amount: String(form.amount ?? ''),
    funder: String(form.funder ?? ''),
    key: String(form.key ?? ''),
  };
  const parts = dateParts(form, 'receivedOn');
  if (!a.ok || !funder) return streamPage(kit, c, v, parts, a.errors, 422);
  try {
    await fundStream(
      kit.deps,
      kit.ctx(c),
      c.req.param('stream')!,
      { amountMinor, funder, receivedOn },
      v.key || null,
    );
    return c.redirect(`${path`/budgets/streams/${c.req.param('stream')!}`}?done=funded`, 303);
  } catch (error) {
    const r = refusal(
      error,
      { amount: 'amount', funder: 'funder', receivedOn: 'receivedOn-day' },
      'amount',
    );
    return streamPage(kit, c, { ...v, key: kit.deps.ids('form') }, parts, r.errors, r.status);
  }
}

/**
 * Funding streams: creating one with its rules in words (the limit above which a second person
 * approves, the brokerage top-slice, what it will not pay for, the guaranteed minimum kept for
 * core support, what happens at period end), and recording money into it.
 */
export function budgetStreamRoutes(kit: PageKit): void {
  kit.get('/budgets/streams/new', (c) => showNew(kit, c));
  kit.post('/budgets/streams/new', (c) => create(kit, c));
  kit.get('/budgets/streams/:stream', (c) => showStream(kit, c));
  kit.post('/budgets/streams/:stream/funding', (c) => fund(kit, c));
}
