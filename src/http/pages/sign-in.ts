import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../core/context.js';
import { endSession, resolveSession, signIn } from '../../core/sign-in/sessions.js';
import { resolveToken, SESSION_COOKIE } from '../auth.js';
import type { AppDeps } from '../router.js';
import { fromOurPages, isHttps, securityHeaders } from './guard.js';
import { h, layout, type Html } from './html.js';
import type { PageEnv } from './kit.js';

/** Where each role starts. */
export const HOME: Record<Role, string> = {
  holder: '/my',
  broker: '/my',
  coordinator: '/sparks',
  panel: '/sparks',
  auditor: '/statements',
};

/**
 * The address a sign-in attempt came from, for throttling: what the runtime saw (the Node socket,
 * Cloudflare's CF-Connecting-IP), or behind a trusted proxy the last X-Forwarded-For hop.
 */
export function clientAddress(c: Context, deps: AppDeps): string {
  if (deps.trustForwardedProto) {
    const hops = c.req.header('x-forwarded-for')?.split(',');
    const last = hops?.[hops.length - 1]?.trim();
    if (last) return last;
  }
  return deps.clientAddress?.(c) ?? c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** The session a request's cookie names, or null (no cookie, ended, expired, unknown). */
export async function currentSession(c: Context, deps: AppDeps) {
  const secret = getCookie(c, SESSION_COOKIE);
  return secret ? resolveSession(deps, deps.clock(), secret) : null;
}

/** Pages for the signed-in only: anyone else is sent to sign in, and a dead cookie is cleared. */
export function signedIn(deps: AppDeps): MiddlewareHandler<PageEnv> {
  return async (c, next) => {
    const actor = await currentSession(c, deps);
    if (!actor) {
      if (getCookie(c, SESSION_COOKIE)) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.redirect('/sign-in', 303);
    }
    c.set('actor', {
      tokenId: actor.tokenId,
      role: actor.role,
      allianceId: actor.allianceId,
      holderId: actor.holderId,
    });
    await next();
  };
}

type Refusal = { status: 401 | 429; title: string; detail: string; todo: string };

const REFUSALS: Record<'unknown' | 'used' | 'expired' | 'withdrawn', Refusal> = {
  unknown: {
    status: 401,
    title: 'Sign in',
    detail: 'Enter the sign-in code exactly as it is on your slip',
    todo: 'Check each letter and number on the slip. If it still does not work, ask your coordinator for a new code.',
  },
  used: {
    status: 401,
    title: 'This sign-in code has already been used',
    detail: 'Each sign-in code works once, and this one has been used',
    todo: 'Ask your coordinator for a new code. If you did not use it yourself, tell them: someone else may have.',
  },
  expired: {
    status: 401,
    title: 'This sign-in code has expired',
    detail: 'This sign-in code is too old to use',
    todo: 'Ask your coordinator for a new code. Codes last 7 days unless they say otherwise.',
  },
  withdrawn: {
    status: 401,
    title: 'This sign-in code has been withdrawn',
    detail: 'Your coordinator has withdrawn this sign-in code',
    todo: 'Ask your coordinator if you still need to sign in.',
  },
};

function wait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Signing in with a code, signing out, and the start page that sends each role home. */
export function signInRoutes(app: Hono<PageEnv>, deps: AppDeps): void {
  const headers = securityHeaders(deps);
  // A forged sign-in or sign-out needs a browser to carry it, so requests from outside any
  // browser (no Origin, no Sec-Fetch-Site) may sign in and out.
  const fromUs = fromOurPages({ ...deps, allowUnknown: true });

  app.get('/', headers, async (c) => {
    const actor = await currentSession(c, deps);
    return c.redirect(actor ? HOME[actor.role] : '/sign-in', 303);
  });

  app.get('/sign-in', headers, (c) => c.html(signInPage(null)));

  app.post('/sign-in', headers, fromUs, async (c) => {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const typed = typeof form.code === 'string' ? form.code.slice(0, 300) : '';
    const address = clientAddress(c, deps);
    const result = await signIn(deps, deps.clock(), {
      typed,
      address,
      token: async (secret) => {
        const actor = await resolveToken(deps, secret);
        return actor ? { ...actor, id: actor.tokenId } : null;
      },
    });
    if (!result.ok) {
      // Logged without the code: only what kind of refusal, and from where.
      console.warn(
        JSON.stringify({
          level: 'warn',
          event: 'sign_in_refused',
          reason: result.reason,
          address,
          requestId: c.get('requestId'),
        }),
      );
      if (result.reason === 'throttled') {
        c.header('Retry-After', String(result.retryAfterSeconds));
        return c.html(throttledPage(result.retryAfterSeconds), 429);
      }
      const refusal = REFUSALS[result.reason];
      return c.html(signInPage(refusal, result.reason === 'unknown' ? typed : ''), refusal.status);
    }
    setCookie(c, SESSION_COOKIE, result.secret, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c, deps),
      maxAge: Math.max(
        1,
        Math.floor((Date.parse(result.session.expiresAt) - deps.clock().getTime()) / 1000),
      ),
    });
    return c.redirect(HOME[result.session.role], 303);
  });

  app.post('/sign-out', headers, fromUs, async (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    if (secret) await endSession(deps, deps.clock(), secret);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c, deps) });
    return c.redirect('/sign-in', 303);
  });
}

function signInPage(refusal: Refusal | null, typed = ''): string {
  const own = refusal && refusal.title !== 'Sign in';
  const title = own ? refusal.title : 'Sign in to Kindling';
  const error = refusal?.detail;
  const body: Html = h`${
    refusal
      ? h`<div class="error-summary" role="alert" tabindex="-1" autofocus><h2>There is a problem</h2>
<ul><li><a href="#code">${error}</a></li></ul></div>`
      : ''
  }
<h1>${title}</h1>
${own ? h`<p>${refusal.todo}</p>` : ''}
<form method="post" action="/sign-in" class="card" novalidate>
<p>Use the sign-in code your coordinator gave you. It works once, on this device, and decides what you can see.</p>
<div class="form-group${error ? ' form-group--error' : ''}">
<label for="code">Sign-in code</label>
<div id="code-hint" class="hint">On your slip, like K7M-PQX-4R9T. Small letters and spaces are fine.</div>
${error ? h`<p id="code-error" class="error-message"><span class="visually-hidden">Error:</span> ${error}</p>` : ''}
<input id="code" name="code" type="text" class="code" value="${typed}" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint${error ? ' code-error' : ''}"${error ? h` aria-invalid="true"` : ''}>
</div>
<p><button type="submit">Sign in</button></p>
${refusal && !own ? h`<p>${refusal.todo}</p>` : ''}
<p class="muted">On a shared computer, sign out when you finish. Signing in lasts at most 12 hours.</p>
</form>`;
  return layout({ title: refusal ? `Error: ${title}` : title, signedIn: null }, body);
}

function throttledPage(seconds: number): string {
  return layout(
    { title: 'Error: Too many wrong sign-in codes', signedIn: null },
    h`<h1>Too many wrong sign-in codes</h1>
<p>Sign-in codes from this device were wrong too many times, so the next try has to wait.</p>
<p>Wait ${wait(seconds)}, then try again with the code exactly as it is on your slip.</p>
<p>If your code still does not work, ask your coordinator for a new one.</p>
<p><a href="/sign-in" class="button-link">Go back to sign in</a></p>`,
  );
}
