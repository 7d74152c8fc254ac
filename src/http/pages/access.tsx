import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ROLES, type Role } from '../../core/context.js';
import { KindlingError } from '../../core/errors.js';
import {
  getCode,
  issueCode,
  listCodes,
  reissueCode,
  withdrawCode,
} from '../../core/sign-in/codes.js';
import { findPersonByReference } from '../../core/budgets/setup.js';
import { isHttps } from './guard.js';
import { codesPage, slip, type Errors, type Values } from './access-view.js';
import { Confirmation } from './layout.js';
import { Pagination, pagingOf } from './list-paging.js';
import { said, text, type PageContext, type PageKit } from './kit.js';

/** The code just issued travels to the slip page once, in a short-lived cookie, then is gone. */
const SLIP_COOKIE = 'kindling_slip';

/** The codes given out, 25 a page, newest first, through the same pages as the API. */
const codes = (kit: PageKit, c: PageContext) => {
  const paging = pagingOf(c);
  return listCodes(kit.deps, kit.ctx(c), paging.page).then((page) => ({
    items: page.items,
    pager: <Pagination base="/access" filters={[]} paging={paging} next={page.next} what="codes" />,
  }));
};

const form = (kit: PageKit, c: PageContext, values: Values = {}, errors: Errors = {}) =>
  codes(kit, c).then((page) =>
    kit.page(
      c,
      { title: 'Sign-in codes', hasErrors: Object.keys(errors).length > 0 },
      codesPage(page, values, errors),
      Object.keys(errors).length ? 422 : 200,
    ),
  );

/** A replayed form (pressed twice) gets no code back: the slip then says it was already shown. */
const toSlip = (kit: PageKit, c: PageContext, id: string, code: string | null) => {
  if (code)
    setCookie(c, SLIP_COOKIE, `${id}.${code}`, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/access',
      secure: isHttps(c, kit.deps),
      maxAge: 600,
    });
  return c.redirect(`/access/codes/${encodeURIComponent(id)}/slip`, 303);
};

/** The codes; after a withdrawal, read back from the books that it is withdrawn, and confirm it. */
async function showCodes(kit: PageKit, c: PageContext) {
  const withdrawn = c.req.query('withdrawn');
  const view = withdrawn ? await getCode(kit.deps, kit.ctx(c), withdrawn).catch(() => null) : null;
  if (view?.state !== 'withdrawn') return form(kit, c);
  return codes(kit, c).then((page) =>
    kit.page(
      c,
      { title: 'Sign-in code withdrawn' },
      <>
        <Confirmation
          title="Sign-in code withdrawn"
          body={`${view.personName} is signed out everywhere and the code no longer works`}
          links={[
            {
              href: '#personName',
              label: `Give ${view.personName} a new code, if they need one`,
            },
          ]}
        />
        {codesPage(page, {}, {}, 'h2')}
      </>,
    ),
  );
}

/** What the issue form says is wrong, and the person a holder's or broker's code is for. */
async function checkIssue(kit: PageKit, c: PageContext, values: Values) {
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
  if (budgets && !values.holderId) errors.holderId = 'Enter their IB- reference, like IB-7KQ2-M9XD';
  else if (budgets && !person)
    errors.holderId = `No one here has the reference ${values.holderId}: check it against their papers`;
  else if (person && (values.role === 'broker') !== (person.kind === 'broker'))
    errors.holderId =
      values.role === 'broker'
        ? `${person.reference} is not a broker: choose Budget holder, or check the reference`
        : `${person.reference} is a broker: choose Broker, or check the reference`;
  return { errors, days, person };
}

async function issue(kit: PageKit, c: PageContext) {
  const body = await c.req.parseBody();
  const values: Values = {
    personName: text(body.personName),
    role: text(body.role),
    holderId: text(body.holderId),
    days: text(body.days),
    key: text(body.key),
  };
  const { errors, days, person } = await checkIssue(kit, c, values);
  if (Object.keys(errors).length) return form(kit, c, values, errors);
  try {
    const issued = await issueCode(
      kit.deps,
      kit.ctx(c),
      {
        role: values.role as Role,
        personName: values.personName!,
        holderId: person?.id ?? null,
        days,
      },
      null,
      { key: values.key ?? null },
    );
    return toSlip(kit, c, issued.view.id, issued.code);
  } catch (error) {
    if (error instanceof KindlingError && error.kind === 'invalid')
      return form(kit, c, values, { personName: said(error) });
    throw error;
  }
}

async function showSlip(kit: PageKit, c: PageContext) {
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
}

async function reissue(kit: PageKit, c: PageContext) {
  const key = text((await c.req.parseBody()).key) ?? null;
  const issued = await reissueCode(kit.deps, kit.ctx(c), c.req.param('id')!, undefined, { key });
  return toSlip(kit, c, issued.view.id, issued.code);
}

async function withdraw(kit: PageKit, c: PageContext) {
  const key = text((await c.req.parseBody()).key) ?? null;
  const view = await withdrawCode(kit.deps, kit.ctx(c), c.req.param('id')!, { key });
  return c.redirect(`/access?withdrawn=${encodeURIComponent(view.id)}`, 303);
}

/**
 * A coordinator's sign-in codes: issue one for a person and role, see which are waiting, used,
 * expired or withdrawn, reissue, and withdraw (which signs the person out everywhere). The code
 * is shown once, on a printable slip, after a redirect, so a refresh never issues another.
 */
export function accessRoutes(kit: PageKit): void {
  kit.get('/access', (c) => showCodes(kit, c));
  kit.post('/access/codes', (c) => issue(kit, c));
  kit.get('/access/codes/:id/slip', (c) => showSlip(kit, c));
  kit.post('/access/codes/:id/reissue', (c) => reissue(kit, c));
  kit.post('/access/codes/:id/withdraw', (c) => withdraw(kit, c));
}
