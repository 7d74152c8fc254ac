import { ROLES, type Hasher, type IdGenerator, type Role } from './context.js';
import { invalid } from './errors.js';
import { ALLIANCE_ID_PATTERN } from './ledger/model.js';
import type { TokenRecord, Write } from './store.js';

export interface NewTokenInput {
  role: Role;
  allianceId: string;
  holderId?: string | null | undefined;
  name: string;
  expiresAt?: string | null | undefined;
}

/**
 * Makes a new bearer token: 32 random bytes, shown once, stored only as its hash. Returns the
 * write to commit and the secret to hand over.
 */
export function issueToken(
  deps: { hasher: Hasher; ids: IdGenerator },
  now: Date,
  input: NewTokenInput,
): { secret: string; record: TokenRecord; write: Write } {
  if (!ROLES.includes(input.role))
    throw invalid('invalid_role', `role must be one of ${ROLES.join(', ')}.`, [
      { path: 'role', message: 'unknown role' },
    ]);
  if (!ALLIANCE_ID_PATTERN.test(input.allianceId))
    throw invalid('invalid_alliance', 'alliance ids are lowercase letters, digits and "-".', [
      { path: 'alliance', message: 'not a valid alliance id' },
    ]);
  // Holder and broker tokens speak for one person (a holder, a supporter who co-holds, a broker).
  if ((input.role === 'holder' || input.role === 'broker') && !input.holderId)
    throw invalid(
      'holder_required',
      'A holder or broker token names the person it speaks for (--holder per_…).',
      [{ path: 'holder', message: 'required for roles holder and broker' }],
    );
  if (!input.name.trim() || input.name.length > 120)
    throw invalid(
      'invalid_name',
      'A token needs a name of 1 to 120 characters, so it can be recognised and revoked.',
      [{ path: 'name', message: 'required' }],
    );
  if (input.expiresAt && Number.isNaN(Date.parse(input.expiresAt)))
    throw invalid('invalid_date', 'expiresAt must be an ISO date or date-time.', [
      { path: 'expires', message: 'not a date' },
    ]);
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  const secret = `kdl_${base64Url(bytes)}`;
  const record: TokenRecord = {
    id: deps.ids('tok'),
    tokenHash: deps.hasher(secret),
    name: input.name.trim(),
    role: input.role,
    allianceId: input.allianceId,
    holderId: input.holderId ?? null,
    createdAt: now.toISOString(),
    expiresAt: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    revokedAt: null,
  };
  return { secret, record, write: { kind: 'token', token: record } };
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
