import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { openSqlite } from '../../src/store/node-store.js';
import { createApp } from '../../src/http/app.js';
import { sha256Hex } from '../../src/runtime/hash.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-guard-'));
let n = 0;
const harness = () =>
  makeHarness('node', openSqlite({ path: join(dir, `g-${++n}.sqlite`) }).store, () => {
    throw new Error('no twin');
  });

const signOut = (h: { request: (p: string, i?: RequestInit) => Promise<Response> }, headers = {}) =>
  h.request('/sign-out', { method: 'POST', headers });

describe('forms judged the way browsers speak', () => {
  it('sends pages with Referrer-Policy same-origin, so a browser sends our Origin with forms', async () => {
    const h = await harness();
    const res = await h.request('/sign-in');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('accepts Sec-Fetch-Site same-origin, and refuses same-site and cross-site with a page', async () => {
    const h = await harness();
    expect((await signOut(h, { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    for (const site of ['cross-site', 'same-site', 'none']) {
      const res = await signOut(h, { 'sec-fetch-site': site, origin: 'http://localhost' });
      expect(res.status, site).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      const page = await res.text();
      expect(page).toContain('<html lang="en-GB">');
      expect(page).toContain('<title>This form was not sent from Kindling');
      expect(page).toContain('What to do');
      expect(page).toContain('href="/"');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });

  it('without Sec-Fetch-Site, judges by Origin: ours passes, null and others are refused', async () => {
    const h = await harness();
    expect((await signOut(h, { origin: 'http://localhost' })).status).toBe(303);
    expect((await signOut(h, { origin: 'null' })).status).toBe(403);
    expect((await signOut(h, { origin: 'https://localhost' })).status).toBe(403);
    expect((await signOut(h, { origin: 'http://evil.example' })).status).toBe(403);
    // Outside a browser there is neither header: signing out (or in) is still possible.
    expect((await signOut(h)).status).toBe(303);
  });

  it('refuses a signed-in form that says nothing of where it came from', async () => {
    const h = await harness();
    const res = await h.request('/sparks/sittings', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'heldOn=2026-06-01',
    });
    expect(res.status).toBe(403);
  });

  it('believes X-Forwarded-Proto only when told to: the origin forms come from, and HSTS', async () => {
    const store = openSqlite({ path: join(dir, `g-${++n}.sqlite`) }).store;
    const deps = {
      store,
      hasher: sha256Hex,
      ids: (p: string) => `${p}_${++n}`,
      clock: () => new Date(),
    };
    const proxied = { 'x-forwarded-proto': 'https', origin: 'https://localhost' };
    const untrusted = createApp(deps);
    const res = await untrusted.request('/sign-out', { method: 'POST', headers: proxied });
    expect(res.status).toBe(403);
    expect(res.headers.get('strict-transport-security')).toBeNull();

    const trusted = createApp({ ...deps, trustForwardedProto: true });
    const ok = await trusted.request('/sign-out', { method: 'POST', headers: proxied });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const api = await trusted.request('/health', { headers: proxied });
    expect(api.headers.get('strict-transport-security')).toBe('max-age=31536000');

    const direct = await untrusted.request('https://localhost/health');
    expect(direct.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
