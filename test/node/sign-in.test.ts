import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CODE_ALPHABET } from '../../src/core/sign-in/model.js';
import { normaliseCode } from '../../src/core/sign-in/codes.js';
import { createApp } from '../../src/http/app.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness, type Harness } from '../contract/harness.js';
import { expectProblem } from '../contract/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-sign-in-'));
let n = 0;
const harness = () =>
  makeHarness('node', openSqlite({ path: join(dir, `s-${++n}.sqlite`) }).store, () => {
    throw new Error('no twin');
  });

const CODE = new RegExp(`^[${CODE_ALPHABET}]{3}-[${CODE_ALPHABET}]{3}-[${CODE_ALPHABET}]{4}$`);

async function issue(h: Harness, coordinator: string, body: Record<string, unknown>) {
  const res = await h.request('/v1/sign-in-codes', {
    method: 'POST',
    token: coordinator,
    json: body,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { code: string; signInCode: { id: string; state: string } };
}

const signIn = (h: Harness, code: string, headers: Record<string, string> = {}) =>
  h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ code }).toString(),
  });

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0]!;
const page = (h: Harness, path: string, cookie: string) => h.request(path, { headers: { cookie } });

describe('sign-in codes', () => {
  it('issues a short grouped code from an alphabet without look-alikes, shown once', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { code, signInCode } = await issue(h, coordinator, { role: 'panel', personName: 'A.B.' });
    expect(code).toMatch(CODE);
    expect(signInCode.state).toBe('waiting');
    const list = await h.request('/v1/sign-in-codes', { token: coordinator });
    const text = await list.text();
    expect(text).toContain(signInCode.id);
    expect(text).not.toContain(code);
    expect(text).not.toContain(code.replaceAll('-', ''));
    expect(normaliseCode(` ${code.toLowerCase().replaceAll('-', ' ')} `)).toBe(
      code.replaceAll('-', ''),
    );
    expect(normaliseCode('O0I1L-ABC-DEFG')).toBeNull();
    // Seven days by default.
    const one = await (
      await h.request(`/v1/sign-in-codes/${signInCode.id}`, { token: coordinator })
    ).json();
    expect(Date.parse(one.expiresAt) - Date.parse(one.createdAt)).toBe(7 * 86_400_000);
  });

  it('lets only a coordinator issue, list, reissue and withdraw, and only in their alliance', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { signInCode } = await issue(h, coordinator, { role: 'auditor', personName: 'Audit' });
    for (const role of ['panel', 'auditor', 'holder'] as const) {
      const token = await h.token(role);
      await expectProblem(
        await h.request('/v1/sign-in-codes', {
          method: 'POST',
          token,
          json: { role: 'coordinator', personName: 'Me' },
        }),
        403,
      );
      await expectProblem(await h.request('/v1/sign-in-codes', { token }), 403);
    }
    const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
    await expectProblem(
      await h.request(`/v1/sign-in-codes/${signInCode.id}/withdraw`, {
        method: 'POST',
        token: elsewhere,
      }),
      404,
      'sign_in_code_not_found',
    );
    await expectProblem(
      await h.request('/v1/sign-in-codes', {
        method: 'POST',
        token: coordinator,
        json: { role: 'holder', personName: 'No id' },
      }),
      422,
      'holder_required',
    );
    await expectProblem(await h.request('/v1/sign-in-codes', { method: 'POST' }), 401);
  });

  it('starts a server-side session with a random id, once per code', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { code } = await issue(h, coordinator, { role: 'panel', personName: 'A.B.' });
    const res = await signIn(h, code.toLowerCase());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sparks');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^kindling_session=[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/i);
    expect((await page(h, '/statements', cookie)).status).toBe(200);

    const again = await signIn(h, code);
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain('This sign-in code has already been used');
  });

  it('gives two browsers racing with one code one session', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { code } = await issue(h, coordinator, { role: 'panel', personName: 'A.B.' });
    const results = await Promise.all([signIn(h, code), signIn(h, code), signIn(h, code)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 401, 401]);
  });

  it('refuses an expired code with its own page', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { code } = await issue(h, coordinator, { role: 'panel', personName: 'A.B.', days: 1 });
    h.setNow('2026-06-02T10:00:00.000Z');
    const res = await signIn(h, code);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('This sign-in code has expired');
  });

  it('ends sessions on sign-out, when the code is withdrawn, and after 12 hours', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const a = await issue(h, coordinator, { role: 'panel', personName: 'A.B.' });
    const first = cookieOf(await signIn(h, a.code));
    const out = await h.request('/sign-out', { method: 'POST', headers: { cookie: first } });
    expect(out.status).toBe(303);
    // The old cookie, kept by someone, no longer opens anything.
    expect((await page(h, '/sparks', first)).headers.get('location')).toBe('/sign-in');
    expect(
      (await h.request('/v1/ledger/trial-balance', { headers: { cookie: first } })).status,
    ).toBe(401);

    const b = await issue(h, coordinator, { role: 'panel', personName: 'C.D.' });
    const second = cookieOf(await signIn(h, b.code));
    expect((await page(h, '/statements', second)).status).toBe(200);
    const withdrawn = await h.request(`/v1/sign-in-codes/${b.signInCode.id}/withdraw`, {
      method: 'POST',
      token: coordinator,
    });
    expect((await withdrawn.json()).state).toBe('withdrawn');
    expect((await page(h, '/sparks', second)).headers.get('location')).toBe('/sign-in');

    const c = await issue(h, coordinator, { role: 'panel', personName: 'E.F.' });
    const third = cookieOf(await signIn(h, c.code));
    h.setNow('2026-06-01T21:59:00.000Z');
    expect((await page(h, '/statements', third)).status).toBe(200);
    h.setNow('2026-06-01T22:00:01.000Z');
    expect((await page(h, '/statements', third)).status).toBe(303);
  });

  it('reissues a code for the same person, withdrawing the unused old one', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const old = await issue(h, coordinator, {
      role: 'holder',
      personName: 'J.S.',
      holderId: 'per_1',
    });
    const res = await h.request(`/v1/sign-in-codes/${old.signInCode.id}/reissue`, {
      method: 'POST',
      token: coordinator,
    });
    expect(res.status).toBe(201);
    const fresh = await res.json();
    expect(fresh.code).toMatch(CODE);
    expect(fresh.signInCode).toMatchObject({
      role: 'holder',
      personName: 'J.S.',
      holderId: 'per_1',
    });
    expect((await signIn(h, old.code)).status).toBe(401);
    const ok = await signIn(h, fresh.code);
    expect(ok.headers.get('location')).toBe('/my');
  });

  it('slows and then refuses wrong codes from one address (429, Retry-After), logging no code', async () => {
    const h = await harness();
    const coordinator = await h.token('coordinator');
    const { code } = await issue(h, coordinator, { role: 'panel', personName: 'A.B.' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 20; i++) {
      h.setNow(new Date(Date.parse('2026-06-01T10:00:00.000Z') + i * 1_000).toISOString());
      const res = await signIn(
        h,
        `ZZZ-ZZZ-ZZ${CODE_ALPHABET[i % 30]}${CODE_ALPHABET[(i * 7) % 30]}`,
      );
      statuses.push(res.status);
      if (res.status === 429) retryAfter = Number(res.headers.get('retry-after'));
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThan(8);
    expect(retryAfter).toBeGreaterThan(0);
    // Refused unread: even the right code waits.
    expect((await signIn(h, code)).status).toBe(429);
    const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
    warn.mockRestore();
    expect(logged).toContain('sign_in_refused');
    expect(logged).not.toContain('ZZZ');
    expect(logged).not.toContain(code);
    // After the wait, the right code works.
    h.setNow(new Date(Date.parse('2026-06-01T10:00:19.000Z') + retryAfter * 1000).toISOString());
    const ok = await signIn(h, code);
    expect(ok.status).toBe(303);
  });

  it('makes the cookie Secure over https, and behind a trusted proxy only', async () => {
    const store = openSqlite({ path: join(dir, `s-${++n}.sqlite`) }).store;
    let id = 0;
    const deps = {
      store,
      hasher: sha256Hex,
      ids: (p: string) => `${p}_${++id}`,
      clock: () => new Date(),
    };
    const plain = createApp(deps);
    const trusted = createApp({ ...deps, trustForwardedProto: true });
    const h = await makeHarness('node', store, () => store);
    const coordinator = await h.token('coordinator', { alliance: 'x' });
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await plain.request('/v1/sign-in-codes', {
        method: 'POST',
        headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'panel', personName: `P${i}` }),
      });
      codes.push((await r.json()).code);
    }
    const post = (app: typeof plain, url: string, code: string, headers = {}) =>
      app.request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: `code=${code}`,
      });
    const direct = await post(plain, 'https://kindling.example/sign-in', codes[0]!);
    expect(direct.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(direct.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const spoofed = await post(plain, 'http://localhost/sign-in', codes[1]!, {
      'x-forwarded-proto': 'https',
    });
    expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/);
    const proxied = await post(trusted, 'http://localhost/sign-in', codes[2]!, {
      'x-forwarded-proto': 'https',
    });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('lets an administrator sign in with a bearer token, and revoking it ends the session', async () => {
    const h = await harness();
    const token = await h.token('auditor');
    const res = await signIn(h, token);
    expect(res.status).toBe(303);
    const cookie = cookieOf(res);
    expect(cookie).not.toContain(token);
    expect((await page(h, '/statements', cookie)).status).toBe(200);
    const [row] = await h.store.db.all<{ id: string }>(
      (await import('drizzle-orm')).sql`SELECT id FROM tokens WHERE role = 'auditor'` as any,
    );
    await h.store.commit(() => [
      { kind: 'revoke_token', tokenId: row!.id, revokedAt: '2026-06-01T10:00:00.000Z' },
    ]);
    expect((await page(h, '/statements', cookie)).status).toBe(303);
  });
});
