import type { Context, MiddlewareHandler } from 'hono';
import { document } from './layout.js';
import { refusedContent } from './sign-in.js';

/**
 * How the pages defend themselves in a browser: the headers every page is sent with, and the
 * judgement of whether a form was posted from one of our own pages.
 */
export interface GuardOptions {
  /**
   * Believe `X-Forwarded-Proto` (set it only behind a proxy that overwrites the header): the
   * request then counts as https when the proxy says so, for the cookie's Secure flag, HSTS and
   * the origin forms must come from.
   */
  trustForwardedProto?: boolean | undefined;
}

/** Whether the browser reached us over https, directly or through a trusted proxy. */
export function isHttps(c: Context, options: GuardOptions): boolean {
  if (options.trustForwardedProto) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded) return forwarded === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin the browser sees: our host, with the scheme the browser used. */
export function publicOrigin(c: Context, options: GuardOptions): string {
  const url = new URL(c.req.url);
  return `${isHttps(c, options) ? 'https' : 'http'}://${url.host}`;
}

/** One year, as hstspreload.org asks; no includeSubDomains, since we do not own the siblings. */
const HSTS = 'max-age=31536000';

/**
 * Pages hold personal data: never cached, never framed, no scripts, nothing loaded from elsewhere.
 * The referrer policy is `same-origin`, not `no-referrer`: under no-referrer the Fetch standard
 * has the browser send `Origin: null` with every form, and the origin check below would refuse
 * our own forms. same-origin sends our origin to ourselves and nothing to other sites.
 */
export function securityHeaders(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    if (isHttps(c, options)) c.header('Strict-Transport-Security', HSTS);
  };
}

/** HSTS on every https answer (the API too), so a browser never tries plain http again. */
export function strictTransport(options: GuardOptions): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (isHttps(c, options)) c.header('Strict-Transport-Security', HSTS);
  };
}

export type Provenance = 'ours' | 'elsewhere' | 'unknown';

/**
 * Where a form came from, judged the way browsers speak. `Sec-Fetch-Site` (every current browser
 * sends it on https and on localhost) is the clearest word: only `same-origin` is ours; `same-site`
 * is a sibling host we do not control. Without it, the `Origin` header decides; `Origin: null`
 * (a sandboxed frame, a privacy-stripped request) is not ours. With neither, the request did not
 * come from a browser form at all (curl, a script): unknown.
 */
export function provenance(c: Context, options: GuardOptions): Provenance {
  const site = c.req.header('sec-fetch-site')?.trim().toLowerCase();
  if (site !== undefined && site !== '') return site === 'same-origin' ? 'ours' : 'elsewhere';
  const origin = c.req.header('origin');
  if (origin === undefined) return 'unknown';
  return origin === publicOrigin(c, options) ? 'ours' : 'elsewhere';
}

/**
 * Forms that write on a signed-in session must come from our own pages (besides the SameSite
 * cookie); with `allowUnknown` (signing in and out) a request from outside any browser is let
 * through, since a forged sign-in or sign-out needs a browser to carry it.
 */
export function fromOurPages(
  options: GuardOptions & { allowUnknown?: boolean },
): MiddlewareHandler {
  return async (c, next) => {
    const from = provenance(c, options);
    if (from === 'ours' || (from === 'unknown' && options.allowUnknown)) return next();
    return c.html(refusedPage(), 403);
  };
}

/** The page a refused form gets: what happened, that nothing changed, and what to do. */
export function refusedPage(): string {
  return document(
    { title: 'This form was not sent from Kindling', signedIn: null },
    refusedContent(),
  );
}
