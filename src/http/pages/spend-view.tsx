import { DecideSpendInput, decideSpend, getSpend } from '../../core/budgets/spends.js';
import { checkInput } from '../../core/input.js';
import { KindlingError } from '../../core/errors.js';
import { requireRole } from '../../core/policy.js';
import { categoryLabel, spendStatusLabel } from '../../core/labels.js';
import { SummaryList, Tag } from './display.js';
import { Button, ErrorSummary, Hidden, TextArea, type FieldErrors } from './form.js';
import { longDate, path, pounds } from './format.js';
import { said, text, type PageContext, type PageKit } from './kit.js';
import { Banner } from './layout.js';
import { accessTo, mayApprove, personLabel } from './budget-people.js';

type Decision = 'approved' | 'rejected' | 'withdrawn';
const DECISIONS: Record<string, Decision> = {
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
};
const DONE: Record<Decision, string> = {
  approved: 'Spend approved: the money has been paid',
  rejected: 'Spend rejected: the money is back in the budget',
  withdrawn: 'Spend withdrawn: the money is back in the budget',
};

export const StatusTag = ({ status }: { status: string }) => (
  <Tag tone={status === 'pending' ? 'orange' : status === 'approved' ? 'green' : 'grey'}>
    {spendStatusLabel(status)}
  </Tag>
);

const show = async (
  kit: PageKit,
  c: PageContext,
  errors: FieldErrors = {},
  values: Record<string, string> = {},
  status: 200 | 409 | 422 = 200,
) => {
  const spendId = c.req.param('spend')!;
  const s = await getSpend(kit.deps, kit.ctx(c), spendId);
  const role = c.get('actor').role;
  const stored = await kit.deps.budgets.getSpend(spendId);
  // Auditors read amounts and states only; only the people on a budget and coordinators act.
  const access = role === 'auditor' || !stored ? null : await accessTo(kit, c, stored.budgetId);
  const pending = s.status === 'pending';
  const canDecide = !!access && !!stored && pending && mayApprove(c, access, stored.requestedBy);
  const canWithdraw =
    !!access &&
    !!stored &&
    pending &&
    (access.as === 'holder' || stored.requestedBy === c.get('actor').tokenId);
  const provider = 'provider' in s ? s.provider : undefined;
  const done = DECISIONS[c.req.query('done') ?? ''];
  const home = c.req.path.startsWith('/budgets/')
    ? {
        href: stored ? path`/budgets/${stored.budgetId}` : '/budgets',
        label: 'Back to the budget',
      }
    : role === 'holder' || role === 'broker'
      ? { href: '/my', label: 'Back to my budgets' }
      : undefined;
  const holder =
    access && access.as !== 'holder' ? await personLabel(kit, access.budget.holderId) : null;
  const action = c.req.path.startsWith('/budgets/')
    ? path`/budgets/spends/${spendId}/decision`
    : path`/my/spends/${spendId}/decision`;
  return kit.page(
    c,
    { title: 'A spend', back: home, hasErrors: status !== 200 },
    <>
      <ErrorSummary errors={errors} />
      {done && status === 200 && <Banner heading={DONE[done]} />}
      {c.req.query('done') === 'asked' && status === 200 && (
        <Banner
          heading={
            s.status === 'pending'
              ? `Waiting for approval: ${pounds(s.amount)} is set aside until ${
                  access?.budget.controlMode === 'joint' ? 'a co-holder' : 'the coordinator'
                } decides`
              : `Paid: ${pounds(s.amount)}${provider ? ` to ${provider}` : ''}`
          }
        />
      )}
      <span class="caption">{holder ? `Budget of ${holder}` : longDate(s.spentOn)}</span>
      <h1>{provider ? `${pounds(s.amount)} to ${provider}` : `${pounds(s.amount)} spent`}</h1>
      <SummaryList
        rows={[
          { key: 'State', value: <StatusTag status={s.status} /> },
          { key: 'Amount', value: pounds(s.amount) },
          provider !== undefined && { key: 'Paid to', value: provider },
          'description' in s && { key: 'What for', value: s.description },
          { key: 'Kind of spend', value: categoryLabel(s.category) },
          { key: 'Date', value: longDate(s.spentOn) },
          s.needsApproval && {
            key: 'Approval',
            value: pending
              ? 'Above the limit: it waits for a second person to approve it. The money is set aside meanwhile.'
              : `Needed a second person; ${spendStatusLabel(s.status).toLowerCase()}${s.decidedAt ? ` on ${longDate(s.decidedAt)}` : ''}.`,
          },
          s.decisionReason && { key: 'Reason given', value: s.decisionReason },
        ]}
      />
      {canDecide && (
        <form method="post" action={action} novalidate>
          <h2>Approve or reject this spend</h2>
          <p>
            Approving pays {pounds(s.amount)}
            {provider ? ` to ${provider}` : ''} from the budget now. Rejecting puts the money back
            in the budget; say why, so the holder knows what to do next.
          </p>
          <Hidden name="key" value={values.key ?? kit.deps.ids('form')} />
          <TextArea
            id="reason"
            label="Reason (needed to reject)"
            value={values.reason}
            error={errors.reason}
          />
          <div class="button-group">
            <Button formaction={`${action}?do=approve`}>Approve the spend</Button>
            <Button secondary formaction={`${action}?do=reject`}>
              Reject the spend
            </Button>
          </div>
        </form>
      )}
      {canWithdraw && (
        <form method="post" action={`${action}?do=withdraw`} novalidate>
          <h2>Withdraw this spend</h2>
          <p>
            It has not been paid yet. Withdrawing it puts {pounds(s.amount)} back in the budget.
          </p>
          <Hidden name="key" value={kit.deps.ids('form')} />
          <Button secondary>Withdraw the spend</Button>
        </form>
      )}
    </>,
    status,
  );
};

const decide = async (kit: PageKit, c: PageContext) => {
  const spendId = c.req.param('spend')!;
  const decision = DECISIONS[c.req.query('do') ?? ''];
  const form = await c.req.parseBody();
  const reason = text(form.reason);
  const values = { reason: typeof form.reason === 'string' ? form.reason : '' };
  if (!decision) return show(kit, c, { reason: 'Choose approve, reject or withdraw' }, values, 422);
  if (decision === 'rejected' && !reason)
    return show(kit, c, { reason: 'Enter why the spend is rejected' }, values, 422);
  // The use case's own schema judges the answer; the page words its problem.
  const checked = checkInput(
    DecideSpendInput,
    reason && decision !== 'withdrawn' ? { reason } : {},
  );
  if (!checked.ok)
    return show(kit, c, { reason: 'The reason must be 500 characters or fewer' }, values, 422);
  try {
    await decideSpend(
      kit.deps,
      kit.ctx(c),
      spendId,
      decision,
      checked.input,
      text(form.key) ?? null,
    );
  } catch (error) {
    if (
      !(error instanceof KindlingError) ||
      error.kind === 'forbidden' ||
      error.kind === 'not_found'
    )
      throw error;
    const words =
      error.code === 'spend_not_pending'
        ? 'This spend has already been decided: nothing more to do'
        : said(error);
    return show(
      kit,
      c,
      { reason: words },
      { ...values, key: kit.deps.ids('form') },
      error.kind === 'invalid' ? 422 : 409,
    );
  }
  const base = c.req.path.replace(/\/decision$/, '');
  return c.redirect(`${base}?done=${c.req.query('do')}`, 303);
};

function showForStaff(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator', 'auditor'], 'see the budgets of the alliance');
  return show(kit, c);
}

function decideForStaff(kit: PageKit, c: PageContext) {
  requireRole(c.get('actor'), ['coordinator'], 'decide spends');
  return decide(kit, c);
}

/**
 * One spend, and what the person reading it can do about it while it waits: the co-holder of a
 * joint budget (or the coordinator, on a budget held alone or managed) approves or rejects it with
 * the amount, provider and purpose in front of them; the holder or the person who asked can
 * withdraw it. Each button carries its own idempotency key, so a second press changes nothing.
 */
export function spendViewRoutes(kit: PageKit): void {
  kit.get('/my/spends/:spend', (c) => show(kit, c));
  kit.get('/budgets/spends/:spend', (c) => showForStaff(kit, c));
  kit.post('/my/spends/:spend/decision', (c) => decide(kit, c));
  kit.post('/budgets/spends/:spend/decision', (c) => decideForStaff(kit, c));
}
