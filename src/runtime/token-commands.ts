import type { Role, IdGenerator } from '../core/context.js';
import { issueToken } from '../core/tokens.js';
import type { openServiceDatabase } from './database.js';
import { sha256Hex } from './hash.js';

/**
 * The token commands of `npm run admin`: create one (or print the SQL to create it on D1),
 * revoke one, and list an alliance's. Each answers undefined when an option it needs is missing.
 */
export interface TokenArgs {
  values: {
    role?: string | undefined;
    alliance?: string | undefined;
    name?: string | undefined;
    holder?: string | undefined;
    expires?: string | undefined;
    id?: string | undefined;
    sql?: boolean | undefined;
  };
  clock: () => Date;
  ids: IdGenerator;
  openDb: () => ReturnType<typeof openServiceDatabase>;
}

function sqlString(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

export async function createToken({ values, clock, ids, openDb }: TokenArgs) {
  if (!values.role || !values.alliance || !values.name) return undefined;
  const issued = issueToken({ hasher: sha256Hex, ids }, clock(), {
    role: values.role as Role,
    allianceId: values.alliance,
    holderId: values.holder ?? null,
    name: values.name,
    expiresAt: values.expires ?? null,
  });
  const r = issued.record;
  if (values.sql) {
    console.log(
      '-- run with: npx wrangler d1 execute kindling --local --command "<this statement>"',
    );
    console.log(
      `INSERT INTO tokens (id, token_hash, name, role, alliance_id, holder_id, created_at, expires_at, revoked_at) VALUES (${[r.id, r.tokenHash, r.name, r.role, r.allianceId, r.holderId, r.createdAt, r.expiresAt, null].map(sqlString).join(', ')});`,
    );
  } else {
    const { store, sqlite } = await openDb();
    await store.commit(() => [issued.write]);
    sqlite.close();
    console.log(
      `Created ${r.role} token ${r.id} for alliance ${r.allianceId}${r.expiresAt ? `, expires ${r.expiresAt}` : ''}. Keep it secret; it is shown only once:`,
    );
  }
  console.log(issued.secret);
  return 0;
}

export async function revokeToken({ values, clock, openDb }: TokenArgs) {
  if (!values.id) return undefined;
  const { store, sqlite } = await openDb();
  await store.commit(() => [
    { kind: 'revoke_token', tokenId: values.id!, revokedAt: clock().toISOString() },
  ]);
  sqlite.close();
  console.log(`Revoked ${values.id} (if it existed and was not already revoked).`);
  return 0;
}

export async function listTokens({ values, openDb }: TokenArgs) {
  if (!values.alliance) return undefined;
  const { store, sqlite } = await openDb();
  for (const t of await store.listTokens(values.alliance)) {
    console.log(
      [
        t.id,
        t.role,
        t.holderId ?? '-',
        t.name,
        t.createdAt,
        t.expiresAt ?? 'no expiry',
        t.revokedAt ? `revoked ${t.revokedAt}` : 'active',
      ].join('\t'),
    );
  }
  sqlite.close();
  return 0;
}
