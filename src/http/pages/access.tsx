import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ROLES, type Role } from '../../core/context.js';
import { KindlingError } from '../../core/errors.js';
import {
  getCode,
  issueCode,
  listCodes,
  reissueCode,
  withdrawCode,
  type CodeView,
} from '../../core/sign-in/codes.js';
import { findPersonByReference } from '../../core/budgets/setup.js';
import { isHttps } from './guard.js';
import { longDate } from './format.js';
import { Button, ErrorSummary, Radios, TextField } from './form.js';
import { said, text, type PageContext, type PageKit } from './kit.js';

/** Roles as a coordinator says them. */
export const ROLE_WORDS: Record<Role, string> = {
  coordinator: 'Coordinator',
  panel: 'Panel member',
  holder: 'Budget holder',
  broker: 'Broker',
  auditor: 'Auditor',
};
const ROLE_HINTS: Record<Role, string> = {
  coordinator: 'Runs the alliance’s money and gives out sign-in codes',
  panel: 'Records applications, sits on panels and decides',
  holder: 'Sees their own budgets',
  broker: 'Spends managed budgets for their holders',
  auditor: 'Reads figures and statements, never anyone’s story',
};
const STATE_WORDS: Record<CodeView['state'], string> = {
  waiting: 'Not used yet',
  used: 'Used',
  expired: 'Expired before it was used',
  withdrawn: 'Withdrawn',
};

/** The code just issued travels to the slip page once, in a short-lived cookie, then is gone. */
const SLIP_COOKIE = 'kindling_slip';

type Values = { personName?: string; role?: string; holderId?: string; days?: string };
type Errors = Partial<Record<keyof Values, string>>;

/**
 * A coordinator's sign-in codes: issue one for a person and role, see which are waiting, used,
 * expired or withdrawn, reissue, and withdraw (which signs the person out everywhere). The code
 * is shown once, on a printable slip, after a redirect, so a refresh never issues another.
 */
export function accessRoutes(kit: PageKit): void {
  const form = (c: PageContext, values: Values = {}, errors: Errors = {}) =>
    listCodes(kit.deps, kit.ctx(c)).then((codes) =>
      kit.page(
        c,
        { title: 'Sign-in codes', hasErrors: Object.keys(errors).length > 0 },
        codesPage(codes, values, errors),
        Object.keys(errors).length ? 422 : 200,
      ),
    );

  const toSlip = (c: PageContext, id: string, code: string) => {
    setCookie(c, SLIP_COOKIE, `${id}.${code}`, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/access',
      secure: isHttps(c, kit.deps),
      maxAge: 600,
    });
    return c.redirect(`/access/codes/${encodeURIComponent(id)}/slip`, 303);
  };

  kit.get('/access', (c) => form(c));

  kit.post('/access/codes', async (c) => {
    const body = await c.req.parseBody();
    const values: Values = {
      personName: text(body.personName),
      role: text(body.role),
      holderId: text(body.holderId),
      days: text(body.days),
    };
    const errors: Errors = {};
    if (!values.personName) errors.personName = 'Enter who the code is for';
    if (!values.role || !ROLES.includes(values.role as Role))
      errors.role = 'Choose what the person does';
    const days = values.days === undefined ? 7 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 30)
      errors.days = 'Enter a number of days from 1 to 30';
    const budgets = values.role === 'holder' || values.role === 'broker';
    const person =
      budgets && values.holderId
        ? await findPersonByReference(kit.deps, kit.ctx(c), values.holderId)
        : null;
    if (budgets && !values.holderId)
      errors.holderId = 'Enter their IB- reference, like IB-7KQ2-M9XD';
    else if (budgets && !person)
      errors.holderId = `No one here has the reference ${values.holderId}: check it against their papers`;
    else if (person && (values.role === 'broker') !== (person.kind === 'broker'))
      errors.holderId =
        values.role === 'broker'
          ? `${person.reference} is not a broker: choose Budget holder, or check the reference`
          : `${person.reference} is a broker: choose Broker, or check the reference`;
    if (Object.keys(errors).length) return form(c, values, errors);
    try {
      const issued = await issueCode(kit.deps, kit.ctx(c), {
        role: values.role as Role,
        personName: values.personName!,
        holderId: person?.id ?? null,
        days,
      });
      return toSlip(c, issued.view.id, issued.code);
    } catch (error) {
      if (error instanceof KindlingError && error.kind === 'invalid')
        return form(c, values, { personName: said(error) });
      throw error;
    }
  });

  kit.get('/access/codes/:id/slip', async (c) => {
    const view = await getCode(kit.deps, kit.ctx(c), c.req.param('id')!);
    const flash = getCookie(c, SLIP_COOKIE);
    deleteCookie(c, SLIP_COOKIE, { path: '/access' });
    const code = flash?.startsWith(`${view.id}.`) ? flash.slice(view.id.length + 1) : null;
    const signInAt = `${new URL(c.req.url).host}/sign-in`;
    return kit.page(
      c,
      { title: code ? `Sign-in code for ${view.personName}` : 'Sign-in code already shown' },
      slip(view, code, signInAt),
    );
  });

  kit.post('/access/codes/:id/reissue', async (c) => {
    const issued = await reissueCode(kit.deps, kit.ctx(c), c.req.param('id')!);
    return toSlip(c, issued.view.id, issued.code);
  });

  kit.post('/access/codes/:id/withdraw', async (c) => {
    await withdrawCode(kit.deps, kit.ctx(c), c.req.param('id')!);
    return c.redirect('/access', 303);
  });
}

function slip(view: CodeView, code: string | null, signInAt: string) {
  const back = (
    <ul class="links">
      <li>
        <a href="/access">Go back to sign-in codes</a>
      </li>
    </ul>
  );
  if (!code)
    return (
      <>
        <h1>Sign-in code already shown</h1>
        <p>
          A sign-in code is shown only once, and this one has been. If the slip is lost, give{' '}
          {view.personName} a new code: the old one stops working.
        </p>
        <form method="post" action={`/access/codes/${encodeURIComponent(view.id)}/reissue`}>
          <Button>Give {view.personName} a new code</Button>
        </form>
        {back}
      </>
    );
  return (
    <>
      <h1>Sign-in code for {view.personName}</h1>
      <div class="card slip">
        <div class="card__body">
          <p>
            Kindling sign-in code for <strong>{view.personName}</strong> ({ROLE_WORDS[view.role]})
          </p>
          <p class="slip-code">{code}</p>
          <p>
            Go to <strong>{signInAt}</strong> and type the code. It works once, until{' '}
            {longDate(view.expiresAt)}.
          </p>
        </div>
      </div>
      <p>
        This is the only time the code is shown. Print this page or copy the code onto a slip, and
        give it to {view.personName} yourself.
      </p>
      {back}
    </>
  );
}

function codesPage(codes: (CodeView & { openSessions: number })[], v: Values, e: Errors) {
  return (
    <>
      <ErrorSummary errors={e as Record<string, string>} />
      <h1>Sign-in codes</h1>
      <p>
        Give each person a code to sign in on their phone. A code works once, for one person and
        what they do, and expires. Withdrawing a code signs that person out everywhere.
      </p>
      <h2>Give someone a code</h2>
      <form method="post" action="/access/codes" novalidate>
        <TextField
          id="personName"
          label="Who is it for?"
          hint="Initials or a first name is enough"
          error={e.personName}
          value={v.personName}
          width="w20"
        />
        <Radios
          id="role"
          legend="What do they do?"
          error={e.role}
          value={v.role}
          choices={ROLES.map((r) => ({ value: r, label: ROLE_WORDS[r], hint: ROLE_HINTS[r] }))}
        />
        <TextField
          id="holderId"
          label="Their IB- reference (budget holders and brokers only)"
          hint="On their budget papers, like IB-7KQ2-M9XD"
          error={e.holderId}
          value={v.holderId}
          width="w20"
        />
        <TextField
          id="days"
          label="Days until it expires"
          error={e.days}
          value={v.days ?? '7'}
          width="w4"
          inputmode="numeric"
        />
        <Button>Make the code</Button>
      </form>
      <h2>Codes given out</h2>
      {codes.length === 0 && <p>No codes yet.</p>}
      {codes.map((c) => (
        <div class="card">
          <h3 class="card__title">
            {c.personName}: {ROLE_WORDS[c.role]}
          </h3>
          <div class="card__body">
            <p>
              {STATE_WORDS[c.state]}
              {c.state === 'waiting'
                ? `, until ${longDate(c.expiresAt)}`
                : c.usedAt
                  ? ` on ${longDate(c.usedAt)}`
                  : ''}
              . Given on {longDate(c.createdAt)}.{c.openSessions ? ' Signed in now.' : ''}
            </p>
            <div class="button-group">
              <form method="post" action={`/access/codes/${encodeURIComponent(c.id)}/reissue`}>
                <Button secondary>
                  Give a new code<span class="visually-hidden"> to {c.personName}</span>
                </Button>
              </form>
              {c.state !== 'withdrawn' && (
                <form method="post" action={`/access/codes/${encodeURIComponent(c.id)}/withdraw`}>
                  <Button secondary>
                    Withdraw and sign out<span class="visually-hidden"> {c.personName}</span>
                  </Button>
                </form>
              )}
            </div>
          </div>
        </div>
      ))}
    </>
  );
}
