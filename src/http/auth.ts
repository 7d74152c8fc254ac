import type { MiddlewareHandler } from 'hono';
import type { Actor, Hasher } from '../core/context.js';
import { unauthenticated } from '../core/errors.js';
import type { Store } from '../core/store.js';

export interface BearerAuthOptions {
  store: Store;
  hasher: Hasher;
  clock: () => Date;
}

/**
 * Resolves `Authorization: Bearer <token>` to an actor. Tokens are stored only as SHA-256
 * hashes (they are 256-bit random, so a plain hash is enough); expired and revoked tokens are
 * refused with the same answer as unknown ones.
 */
export function bearerAuth(options: BearerAuthOptions): MiddlewareHandler<{ Variables: { actor: Actor } }> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header);
    if (!match) throw unauthenticated('Send a valid token as "Authorization: Bearer <token>".');
    const record = await options.store.findTokenByHash(options.hasher(match[1]!));
    const now = options.clock().toISOString();
    if (!record || record.revokedAt !== null || (record.expiresAt !== null && record.expiresAt <= now)) {
      throw unauthenticated('The token is not valid: it is unknown, expired or revoked.');
    }
    c.set('actor', { tokenId: record.id, role: record.role, allianceId: record.allianceId, holderId: record.holderId });
    await next();
  };
}
