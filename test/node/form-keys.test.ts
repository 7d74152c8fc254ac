import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness, type Harness } from '../contract/harness.js';
import { makeWorld } from '../contract/idempotency-recipes.js';

const FORM = /<form method="post"[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g;
/** Signing in and out start and end sessions; they create no record a retry could double. */
const NOT_CREATES = /^\/sign-(in|out)\b/;

async function signedIn(h: Harness, token: string) {
  const res = await h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ code: token }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    page: async (path: string) => {
      const got = await h.request(path, { headers: { cookie } });
      const text = await got.text();
      expect(got.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
      return text;
    },
    post: (path: string, fields: Record<string, string | string[]>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields))
        for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
      return h.request(path, {
        method: 'POST',
        headers: {
          cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: body.toString(),
      });
    },
  };
}

const keyOf = (html: string, action: string) => {
  for (const [, a, inner] of html.matchAll(FORM))
    if (a === action) return /name="key" value="([^"]+)"/.exec(inner!)?.[1];
  return undefined;
};

describe('web forms carry an idempotency key', () => {
  it('puts a key in every form that writes, on every page a coordinator uses', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const w = await makeWorld(h);
    const award = await w.award();
    const code = await w.signInCode();
    const browser = await signedIn(h, w.s.coordinator);
    const pages = [
      '/sparks',
      '/sparks/applications/new',
      '/sparks/sittings/new',
      `/sparks/sittings/${w.sitting}`,
      `/sparks/awards/${award}/follow-up`,
      `/sparks/awards/${award}/payments`,
      '/access',
      `/access/codes/${code}/slip`,
    ];
    let forms = 0;
    for (const path of pages) {
      const html = await browser.page(path);
      for (const [, action, inner] of html.matchAll(FORM)) {
        if (NOT_CREATES.test(action!)) continue;
        forms++;
        expect(inner, `${path}: the form posting to ${action} sends a key`).toMatch(
          /name="key" value="[^"]+"/,
        );
      }
    }
    expect(forms).toBeGreaterThanOrEqual(8);
  });

  it('records once when a form is pressed twice: an application, a sitting, a code', async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const w = await makeWorld(h);
    const browser = await signedIn(h, w.s.coordinator);
    const count = (table: string) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const twice = async (path: string, fields: Record<string, string | string[]>) => {
      const [a, b] = [await browser.post(path, fields), await browser.post(path, fields)];
      expect(a.status, await a.clone().text()).toBe(303);
      expect(b.status).toBe(303);
      expect(b.headers.get('location')).toBe(a.headers.get('location'));
    };

    const before = { applicants: count('applicants'), applications: count('applications') };
    const newApplication = await browser.page('/sparks/applications/new');
    await twice('/sparks/applications', {
      key: keyOf(newApplication, '/sparks/applications')!,
      name: 'T.W.',
      consent: 'yes',
      amount: '80.00',
      purpose: 'Driving lessons',
      domain: 'purposeful-activity',
      'receivedOn-day': '20',
      'receivedOn-month': '5',
      'receivedOn-year': '2026',
    });
    expect(count('applicants')).toBe(before.applicants + 1);
    expect(count('applications')).toBe(before.applications + 1);

    const sittings = count('sittings');
    const newSitting = await browser.page('/sparks/sittings/new');
    await twice('/sparks/sittings', {
      key: keyOf(newSitting, '/sparks/sittings')!,
      memberIds: w.s.members.slice(0, 3),
      'heldOn-day': '21',
      'heldOn-month': '5',
      'heldOn-year': '2026',
    });
    expect(count('sittings')).toBe(sittings + 1);

    const codes = count('sign_in_codes');
    const access = await browser.page('/access');
    await twice('/access/codes', {
      key: keyOf(access, '/access/codes')!,
      personName: 'U.',
      role: 'panel',
      days: '7',
    });
    expect(count('sign_in_codes')).toBe(codes + 1);
  });
});
