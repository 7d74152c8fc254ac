import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Role } from '../../core/context.js';
import { endSession, noteSessionUse, resolveSession, signIn } from '../../core/sign-in/sessions.js';
import { resolveToken, SESSION_COOKIE } from '../auth.js';
import type { AppDeps } from '../router.js';
import { fromOurPages, isHttps, securityHeaders } from './guard.js';
import { document } from './layout.js';
import { signInPage, throttledContent, type SignInRefusal } from './sign-in.js';
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
    await noteSessionUse(deps, deps.clock(), actor);
    c.set('actor', {
      tokenId: actor.tokenId,
      role: actor.role,
      allianceId: actor.allianceId,
      holderId: actor.holderId,
    });
    await next();
  };
}

const REFUSALS: Record<'unknown' | 'used' | 'expired' | 'withdrawn', SignInRefusal> = {
  unknown: {
    title: null,
    detail: 'Enter the sign-in code exactly as it is on your slip',
    todo: 'Check each letter and number on the slip. If it still does not work, ask your coordinator for a new code.',
  },
  used: {
    title: 'This sign-in code has already been used',
    detail: 'Each sign-in code works once, and this one has been used',
    todo: 'Ask your coordinator for a new code. If you did not use it yourself, tell them: someone else may have.',
  },
  expired: {
    title: 'This sign-in code has expired',
    detail: 'This sign-in code is too old to use',
    todo: 'Ask your coordinator for a new code. Codes last 7 days unless they say otherwise.',
  },
  withdrawn: {
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

  app.get('/sign-in', headers, (c) => c.html(page(null)));

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
        return c.html(
          document(
            { title: 'Too many wrong sign-in codes', hasErrors: true, signedIn: null },
            throttledContent(wait(result.retryAfterSeconds)),
          ),
          429,
        );
      }
      return c.html(page(REFUSALS[result.reason], result.reason === 'unknown' ? typed : ''), 401);
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

function page(refusal: SignInRefusal | null, typed = ''): string {
  return document(
    {
      title: refusal?.title ?? 'Sign in',
      hasErrors: refusal !== null,
      signedIn: null,
    },
    signInPage(refusal, typed),
  );
}
