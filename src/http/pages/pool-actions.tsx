import { PROVIDER_CHARS } from '../../core/budgets/spends.js';
import {
  ContributeInput,
  contribute,
  leavePool,
  PurchaseInput,
  purchase,
} from '../../core/budgets/pools.js';
import { checkInput } from '../../core/input.js';
import { isoDateOf } from '../../core/ledger/model.js';
import { amountWords, Answers, inFormOrder, inputErrors, refusal } from './budget-forms.js';
import { path } from './format.js';
import { text, typedAmount, type Form, type PageContext, type PageKit } from './kit.js';
import { memberPage } from './pool-member.js';

/** Back to the member's pool page, with the budget they act with and what they just did. */
const again = (c: PageContext, form: Form, done: string) =>
  c.redirect(
    `${path`/my/pools/${c.req.param('pool')!}`}?budget=${encodeURIComponent(String(form.budgetId ?? ''))}&done=${done}`,
    303,
  );

const formKey = (form: Form) => (typeof form.key === 'string' ? form.key : null);

/**
 * A purchase for the pool, judged by the purchase use case's own schema (the one the API
 * documents); the page reads the date itself and words the schema's problems, in the form's
 * order. A refusal of the books (a share that cannot pay its part) shows beside its field.
 */
function purchaseRoute(kit: PageKit) {
  kit.post('/my/pools/:pool/purchases', async (c) => {
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const boughtOn = a.date('boughtOn', 'the date it was bought');
    const answers = {
      category: text(form.category),
      provider: text(form.provider),
      amount: typedAmount(form.amount),
      description: text(form.description),
      boughtOn,
    };
    const checked = checkInput(PurchaseInput, answers);
    const problems = checked.ok ? new Map<string, string>() : checked.problems;
    const errors = inFormOrder(
      {
        ...inputErrors(problems, {
          category: 'Choose what kind of spend it is',
          provider: answers.provider
            ? `Who is paid must be ${PROVIDER_CHARS} characters or fewer`
            : 'Enter who is paid',
          amount: amountWords(answers.amount, 'Enter how much it costs'),
          description: answers.description
            ? 'What it is for must be 500 characters or fewer'
            : 'Enter what it is for',
          boughtOn: null,
        }),
        ...a.errors,
      },
      ['category', 'provider', 'amount', 'description', 'boughtOn'],
    );
    // The buy form's key goes back in as buyKey; the other forms on the page get keys of their own.
    const { key: _key, ...rest } = form;
    const values = { ...rest, buyKey: String(form.key ?? '') };
    if (!checked.ok || Object.keys(errors).length) return memberPage(kit, c, values, errors, 422);
    try {
      await purchase(kit.deps, kit.ctx(c), c.req.param('pool')!, checked.input, formKey(form));
      return c.redirect(`${path`/my/pools/${c.req.param('pool')!}`}?done=bought`, 303);
    } catch (error) {
      const r = refusal(
        error,
        { amount: 'amount', provider: 'provider', category: 'category', boughtOn: 'boughtOn-day' },
        'amount',
      );
      const fresh = { ...values, buyKey: kit.deps.ids('form') };
      return memberPage(kit, c, fresh, r.errors, r.status);
    }
  });
}

/** A member adds money to their share, judged by the contribution's own schema. */
function contributeRoute(kit: PageKit) {
  kit.post('/my/pools/:pool/contributions', async (c) => {
    const form = await c.req.parseBody();
    const a = new Answers(form);
    const contributedOn = a.date('contributedOn', 'the date');
    const values = { ...form, give: String(form.amount ?? '') };
    // The use case's own schema judges the answers; the page words its problems.
    const answers = {
      budgetId: String(form.budgetId ?? ''),
      amount: typedAmount(form.amount),
      contributedOn,
    };
    const checked = checkInput(ContributeInput, answers);
    const problems = checked.ok ? new Map<string, string>() : checked.problems;
    const errors = inFormOrder(
      {
        ...inputErrors(
          problems,
          { amount: amountWords(answers.amount, 'Enter how much to add'), contributedOn: null },
          { amount: 'give' },
        ),
        ...a.errors,
      },
      ['give', 'contributedOn'],
    );
    if (!checked.ok || Object.keys(errors).length) return memberPage(kit, c, values, errors, 422);
    try {
      await contribute(kit.deps, kit.ctx(c), c.req.param('pool')!, checked.input, formKey(form));
      return again(c, form, 'contributed');
    } catch (error) {
      const r = refusal(error, { amount: 'give', contributedOn: 'contributedOn-day' }, 'give');
      return memberPage(kit, c, { ...values, key: kit.deps.ids('form') }, r.errors, r.status);
    }
  });
}

/** What a member does in a pool: add to their share, buy for it (its buyer), and leave it. */
export function poolActionRoutes(kit: PageKit): void {
  contributeRoute(kit);
  purchaseRoute(kit);
  kit.post('/my/pools/:pool/leaving', async (c) => {
    const form = await c.req.parseBody();
    try {
      await leavePool(
        kit.deps,
        kit.ctx(c),
        c.req.param('pool')!,
        { budgetId: String(form.budgetId ?? ''), leftOn: isoDateOf(kit.deps.clock()) },
        formKey(form),
      );
      return again(c, form, 'left');
    } catch (error) {
      const r = refusal(error, {}, 'give');
      return memberPage(kit, c, form, r.errors, r.status);
    }
  });
}
