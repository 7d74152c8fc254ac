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
import { isHttps } from './guard.js';
import { h, longDate, type Html } from './html.js';
import { text, type PageContext, type PageKit } from './kit.js';

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
        Object.keys(errors).length ? 'Error: Sign-in codes' : 'Sign-in codes',
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
    if ((values.role === 'holder' || values.role === 'broker') && !values.holderId)
      errors.holderId = 'Enter the person’s reference, like per_…';
    if (Object.keys(errors).length) return form(c, values, errors);
    try {
      const issued = await issueCode(kit.deps, kit.ctx(c), {
        role: values.role as Role,
        personName: values.personName!,
        holderId: values.holderId ?? null,
        days,
      });
      return toSlip(c, issued.view.id, issued.code);
    } catch (error) {
      if (error instanceof KindlingError && error.kind === 'invalid')
        return form(c, values, { personName: error.detail });
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
      code ? 'Sign-in code' : 'Sign-in code already shown',
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

function slip(view: CodeView, code: string | null, signInAt: string): Html {
  if (!code)
    return h`<h1>Sign-in code already shown</h1>
<p>A sign-in code is shown only once, and this one has been. If the slip is lost, give ${view.personName} a new code: the old one stops working.</p>
<form method="post" action="/access/codes/${encodeURIComponent(view.id)}/reissue"><button type="submit">Give ${view.personName} a new code</button></form>
<p><a href="/access" class="button-link">Go back to sign-in codes</a></p>`;
  return h`<h1>Sign-in code for ${view.personName}</h1>
<div class="card slip">
<p>Kindling sign-in code for <strong>${view.personName}</strong> (${ROLE_WORDS[view.role]})</p>
<p class="slip-code" aria-label="${code.split('').join(' ')}">${code}</p>
<p>Go to <strong>${signInAt}</strong> and type the code. It works once, until ${longDate(view.expiresAt)}.</p>
</div>
<p>This is the only time the code is shown. Print this page or copy the code onto a slip, and give it to ${view.personName} yourself.</p>
<p><a href="/access" class="button-link">Go back to sign-in codes</a></p>`;
}

function codesPage(codes: (CodeView & { openSessions: number })[], v: Values, e: Errors): Html {
  const errorList = Object.entries(e) as [keyof Values, string][];
  const field = (name: keyof Values) =>
    e[name]
      ? h`<p id="${name}-error" class="error-message"><span class="visually-hidden">Error:</span> ${e[name]}</p>`
      : '';
  const invalid = (name: keyof Values) =>
    e[name] ? h` aria-invalid="true" aria-describedby="${name}-error"` : '';
  return h`${
    errorList.length
      ? h`<div class="error-summary" role="alert" tabindex="-1" autofocus><h2>There is a problem</h2><ul>${errorList.map(
          ([k, m]) => h`<li><a href="#${k}">${m}</a></li>`,
        )}</ul></div>`
      : ''
  }
<h1>Sign-in codes</h1>
<p>Give each person a code to sign in on their phone. A code works once, for one person and what they do, and expires. Withdrawing a code signs that person out everywhere.</p>
<h2>Give someone a code</h2>
<form method="post" action="/access/codes" class="card" novalidate>
<div class="form-group${e.personName ? ' form-group--error' : ''}"><label for="personName">Who is it for?</label>
<div class="hint" id="personName-hint">Initials or a first name is enough</div>
${field('personName')}<input id="personName" name="personName" type="text" value="${v.personName ?? ''}"${invalid('personName')}></div>
<fieldset class="form-group${e.role ? ' form-group--error' : ''}"><legend>What do they do?</legend>${field('role')}
${ROLES.map(
  (
    r,
    i,
  ) => h`<div class="radio"><input id="${i ? `role-${r}` : 'role'}" name="role" type="radio" value="${r}"${v.role === r ? ' checked' : ''}${i === 0 ? invalid('role') : ''}>
<label for="${i ? `role-${r}` : 'role'}">${ROLE_WORDS[r]}<span class="hint">${ROLE_HINTS[r]}</span></label></div>`,
)}</fieldset>
<div class="form-group${e.holderId ? ' form-group--error' : ''}"><label for="holderId">Their person reference (budget holders and brokers only)</label>
${field('holderId')}<input id="holderId" name="holderId" type="text" value="${v.holderId ?? ''}"${invalid('holderId')}></div>
<div class="form-group${e.days ? ' form-group--error' : ''}"><label for="days">Days until it expires</label>
${field('days')}<input id="days" name="days" type="text" inputmode="numeric" class="w4" value="${v.days ?? '7'}"${invalid('days')}></div>
<p><button type="submit">Make the code</button></p>
</form>
<h2>Codes given out</h2>
${
  codes.length
    ? h`<ul class="codes">${codes.map(
        (c) => h`<li class="card"><h3>${c.personName}: ${ROLE_WORDS[c.role]}</h3>
<p>${STATE_WORDS[c.state]}${c.state === 'waiting' ? h`, until ${longDate(c.expiresAt)}` : c.usedAt ? h` on ${longDate(c.usedAt)}` : ''}. Given on ${longDate(c.createdAt)}.${c.openSessions ? h` Signed in now.` : ''}</p>
<div class="actions">
<form method="post" action="/access/codes/${encodeURIComponent(c.id)}/reissue"><button type="submit" class="secondary">Give a new code<span class="visually-hidden"> to ${c.personName}</span></button></form>
${c.state !== 'withdrawn' ? h`<form method="post" action="/access/codes/${encodeURIComponent(c.id)}/withdraw"><button type="submit" class="warning">Withdraw and sign out<span class="visually-hidden"> ${c.personName}</span></button></form>` : ''}
</div></li>`,
      )}</ul>`
    : h`<p>No codes yet.</p>`
}`;
}
