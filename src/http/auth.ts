import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Actor, Hasher } from '../core/context.js';
import { unauthenticated } from '../core/errors.js';
import { noteSessionUse, resolveSession } from '../core/sign-in/sessions.js';
import type { SignInStore } from '../core/sign-in/model.js';
import type { Store } from '../core/store.js';

export interface BearerAuthOptions {
  store: Store & { signIn: SignInStore };
  hasher: Hasher;
  ids: (prefix: string) => string;
  clock: () => Date;
}

/**
 * The cookie the web pages keep a session in (HttpOnly, SameSite=Strict): a random session id,
 * never a token; the server keeps only its hash, so a session can be ended from the server.
 */
export const SESSION_COOKIE = 'kindling_session';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,200}$/;

/**
 * The actor a token speaks for, or null when it is malformed, unknown, expired or revoked. Tokens
 * are stored only as SHA-256 hashes (they are 256-bit random, so a plain hash is enough).
 */
export async function resolveToken(
  options: BearerAuthOptions,
  secret: string,
): Promise<(Actor & { expiresAt: string | null; lastUsedAt: string | null }) | null> {
  if (!TOKEN_PATTERN.test(secret)) return null;
  const record = await options.store.findTokenByHash(options.hasher(secret));
  const now = options.clock().toISOString();
  if (
    !record ||
    record.revokedAt !== null ||
    (record.expiresAt !== null && record.expiresAt <= now)
  )
    return null;
  return {
    tokenId: record.id,
    role: record.role,
    allianceId: record.allianceId,
    holderId: record.holderId,
    expiresAt: record.expiresAt,
    lastUsedAt: record.lastUsedAt ?? null,
  };
}

const USE_RESOLUTION_MS = 60_000;

/**
 * Records when a token was last used, to the minute: one small write a minute per busy token,
 * instead of one per request, so a coordinator can see a token nobody uses any more.
 */
export async function noteUse(
  options: BearerAuthOptions,
  tokenId: string,
  lastUsedAt: string | null,
): Promise<void> {
  const now = options.clock();
  if (lastUsedAt !== null && now.getTime() - Date.parse(lastUsedAt) < USE_RESOLUTION_MS) return;
  await options.store.commit(() => [{ kind: 'token_used', tokenId, at: now.toISOString() }]);
}

/**
 * Resolves `Authorization: Bearer <token>` to an actor; expired and revoked tokens get the same
 * answer as unknown ones. A GET or HEAD without the header may instead carry the web pages'
 * session cookie, so a signed-in browser can follow links to statements and exports; anything
 * that writes needs the header, so a cookie alone can never move money through the API.
 */
export function bearerAuth(
  options: BearerAuthOptions,
): MiddlewareHandler<{ Variables: { actor: Actor } }> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let secret: string | undefined;
    let session: string | undefined;
    if (header !== undefined) secret = /^Bearer\s+(\S+)\s*$/.exec(header)?.[1];
    else if (c.req.method === 'GET' || c.req.method === 'HEAD')
      session = getCookie(c, SESSION_COOKIE);
    if (!secret && !session)
      throw unauthenticated('Send a valid token as "Authorization: Bearer <token>".');
    const token = secret ? await resolveToken(options, secret) : null;
    const browser =
      !token && session ? await resolveSession(options, options.clock(), session) : null;
    const actor = token ?? browser;
    if (!actor) throw unauthenticated('The token is not valid: it is unknown, expired or revoked.');
    if (token) await noteUse(options, token.tokenId, token.lastUsedAt);
    if (browser) await noteSessionUse(options, options.clock(), browser);
    c.set('actor', {
      tokenId: actor.tokenId,
      role: actor.role,
      allianceId: actor.allianceId,
      holderId: actor.holderId,
    });
    await next();
  };
}
