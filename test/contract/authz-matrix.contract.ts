import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/context.js';
import { issueToken } from '../../src/core/tokens.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import type { Harness } from './harness.js';
import { RECIPES, makeWorld, type World } from './idempotency-recipes.js';

export interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
}
interface Request {
  path: string;
  json?: unknown;
}
const ROLE_NAMES: Role[] = ['coordinator', 'panel', 'auditor', 'holder', 'broker'];
/** Where holders and brokers never go: the ledger, the Small Sparks scheme, access, the log. */
const NOT_FOR_HOLDERS = /^\/v1\/(alliances|accounts|entries|ledger|sign-in-codes|access-log)\b/;

/** Things of one world, each with a marker in its words, for filling GET paths. */
export interface Things {
  world: World;
  marker: string;
  ids: Record<string, string>;
  tokens: Record<Role, string>;
}

export async function things(h: Harness): Promise<Things> {
  const world = await makeWorld(h);
  const { s, b } = world;
  const marker = `MKRMATRIX${h.alliance.toUpperCase()}X`;
  const applicant = await s.applicant(`${marker}name`);
  const application = await s.application(applicant, '60.00', '2026-05-01');
  const award = await world.award(true);
  const { spend, budget } = await world.heldSpend(marker);
  const { pool } = await world.pool();
  return {
    world,
    marker,
    tokens: {
      coordinator: s.coordinator,
      panel: s.panel,
      auditor: s.auditor,
      holder: b.people.holder.token,
      broker: b.people.broker.token,
    },
    ids: {
      alliance: s.alliance,
      applicant,
      subject: applicant,
      application,
      sitting: world.sitting,
      award,
      person: b.people.holder.id,
      stream: b.stream,
      budget,
      spend,
      pool,
      code: `alliance:${h.alliance}:bank`,
      '/v1/entries/{id}': await world.entry(),
      '/v1/sign-in-codes/{id}': await world.signInCode(),
    },
  };
}

const QUERY: Record<string, string> = { from: '2026-01-01', to: '2026-12-31' };
const PATCHES: Record<string, (t: Things) => unknown> = {
  'PATCH /v1/alliances/{alliance}': () => ({ name: 'Renamed' }),
  'PATCH /v1/alliances/{alliance}/applicants/{applicant}': () => ({ contact: '07700 900999' }),
  'PUT /v1/alliances/{alliance}/contacts/{subject}': () => ({
    channel: 'sms',
    address: '07700 900999',
    consent: true,
  }),
};

/** A request for the operation in one world: its things' ids, and a body that is valid there. */
export async function requestFor(method: string, template: string, op: Operation, t: Things) {
  const name = `${method.toUpperCase()} ${template}`;
  if (method === 'post') {
    const recipe = RECIPES[name];
    if (!recipe) throw new Error(`no recipe for ${name} in idempotency-recipes.ts`);
    const attempt = await recipe(t.world);
    return { path: attempt.path, json: attempt.json } as Request;
  }
  const path = template.replace(/\{([^}]+)\}/g, (_, param: string) => {
    const id =
      t.ids[
        template.startsWith('/v1/entries') || template.startsWith('/v1/sign-in') ? template : param
      ];
    if (!id) throw new Error(`no id for {${param}} in ${name}: add one to things()`);
    return encodeURIComponent(id);
  });
  const query = (op.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => {
      if (!QUERY[p.name]) throw new Error(`no value for required query ${p.name} of ${name}`);
      return `${p.name}=${QUERY[p.name]}`;
    });
  const patch = PATCHES[name];
  if ((method === 'patch' || method === 'put') && !patch) throw new Error(`no body for ${name}`);
  return {
    path: query.length ? `${path}?${query.join('&')}` : path,
    ...(patch ? { json: patch(t) } : {}),
  } as Request;
}

/**
 * The authorization matrix, generated from /openapi.json: every operation × no token, an expired
 * and a revoked token, each role in its own alliance, each role with another alliance's ids, and
 * another holder's token on a holder's objects. The README's rule: no valid token is 401; a role
 * that may never do an operation gets 403, decided by the role alone whatever the ids (so it tells
 * nothing about them); a role that may, given anything outside its scope, gets 404; and no
 * answer ever carries another scope's words. Each world is built once; each cell is one request.
 */
export function authzMatrixContract(makePair: () => Promise<[Harness, Harness]>) {
  describe('the authorization matrix (generated from /openapi.json)', () => {
    it('answers every operation × token as the README says, never with another scope’s data', async () => {
      const [h, other] = await makePair();
      const doc = (await (await h.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const ops = Object.entries(doc.paths).flatMap(([template, item]) =>
        Object.entries(item).map(([method, op]) => ({ method, template, op })),
      );
      const [mine, theirs] = [await things(h), await things(other)];
      const past = '2026-01-01T00:00:00.000Z';
      const expired = await h.token('coordinator', { expiresAt: past });
      const revoked = issueToken(
        { hasher: sha256Hex, ids: (p) => `${p}_revoked_${h.alliance}` },
        new Date(past),
        {
          role: 'coordinator',
          allianceId: h.alliance,
          name: 'revoked',
        },
      );
      await h.store.commit(() => [
        revoked.write,
        { kind: 'revoke_token', tokenId: revoked.record.id, revokedAt: past },
      ]);
      const otherHolder = mine.world.b.people.other.token;
      const failures: string[] = [];
      let cells = 0;
      const send = async (token: string | null, r: Request, method: string) => {
        cells++;
        const res = await h.request(r.path, {
          method: method.toUpperCase(),
          ...(token ? { token } : {}),
          ...(r.json === undefined ? {} : { json: r.json }),
          key: `matrix-${cells}`,
        });
        return { status: res.status, text: await res.text() };
      };
      const check = (ok: boolean, cell: string, got: { status: number; text: string }) => {
        if (!ok) failures.push(`${cell}: ${got.status} ${got.text.slice(0, 160)}`);
      };

      for (const { method, template, op } of ops) {
        const name = `${method.toUpperCase()} ${template}`;
        const own = await requestFor(method, template, op, mine);
        const foreign = await requestFor(method, template, op, theirs);
        // The target is the path: another alliance's there is 404 for every token. With the
        // target in scope (or none), the role decides first (403), then ids in the body (404).
        const foreignPath = own.path !== foreign.path;
        const carriesIds =
          foreignPath ||
          JSON.stringify(own.json ?? null).replaceAll(h.alliance, '') !==
            JSON.stringify(foreign.json ?? null).replaceAll(other.alliance, '');
        for (const [label, token] of [
          ['no token', null],
          ['expired token', expired],
          ['revoked token', revoked.secret],
        ] as const) {
          const got = await send(token, own, method);
          check(got.status === 401, `${name} × ${label} must be 401`, got);
        }
        const ownStatus: Partial<Record<Role, number>> = {};
        for (const role of ROLE_NAMES) {
          const got = await send(mine.tokens[role], own, method);
          ownStatus[role] = got.status;
          check(![401, 500].includes(got.status), `${name} × ${role} (own alliance)`, got);
          if (role === 'auditor' && method !== 'get')
            check(got.status === 403, `${name} × auditor writes nothing: 403`, got);
          if ((role === 'holder' || role === 'broker') && NOT_FOR_HOLDERS.test(template))
            check(got.status === 403, `${name} × ${role}: not theirs, 403`, got);
          const away = await send(mine.tokens[role], foreign, method);
          check(
            !away.text.includes(theirs.marker),
            `${name} × ${role} leaks the other alliance`,
            away,
          );
          const expected = foreignPath || got.status !== 403 ? 404 : 403;
          if (carriesIds)
            check(
              away.status === expected,
              `${name} × ${role} with another alliance's ids must be ${expected}`,
              away,
            );
        }
        const stranger = await send(otherHolder, own, method);
        check(
          !stranger.text.includes(mine.marker),
          `${name} × another holder sees the holder's words`,
          stranger,
        );
        if (ownStatus.holder === 403 || carriesIds)
          check(
            stranger.status === 403 || stranger.status === 404,
            `${name} × another holder's token on a holder's things must be 403 or 404`,
            stranger,
          );
      }
      expect(failures, `${failures.length} of ${cells} cells break the rule`).toEqual([]);
      expect(cells).toBeGreaterThan(ops.length * 13);
    });
  });
}
