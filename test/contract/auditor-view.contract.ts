import { describe, expect, it } from 'vitest';
import { pdfLines } from '../support/pdf-lines.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { ID_FIELDS, NOT_PERSONAL, plantedWorld, type PlantedWorld } from './privacy-fixture.js';

export type Doc = { paths: Record<string, Record<string, any>>; components?: { schemas?: any } };

/** `METHOD path field` for every free-text string a request body accepts. */
export function freeTextFields(doc: Doc): string[] {
  const found: string[] = [];
  const walk = (schema: any, at: string, op: string) => {
    if (!schema) return;
    if (schema.$ref) schema = doc.components?.schemas?.[schema.$ref.split('/').pop()];
    for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(part, at, op);
    const types = [schema.type].flat();
    if (types.includes('object'))
      for (const [k, v] of Object.entries(schema.properties ?? {}))
        walk(v, at ? `${at}.${k}` : k, op);
    if (types.includes('array')) walk(schema.items, `${at}[]`, op);
    const free = !schema.enum && !schema.pattern && !schema.format;
    if (types.includes('string') && free && !ID_FIELDS.has(at)) found.push(`${op} ${at}`);
  };
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops))
      walk(
        op.requestBody?.content?.['application/json']?.schema,
        '',
        `${method.toUpperCase()} ${path}`,
      );
  return found;
}

/** Every value each path parameter can take in the planted world, read as a coordinator. */
async function parameterValues(w: PlantedWorld): Promise<Record<string, string[]>> {
  const accounts = await w.b.ok('GET', 'accounts?limit=500', undefined, { key: false });
  return {
    alliance: [w.s.alliance],
    applicant: [w.applicant],
    person: Object.values(w.b.people).map((p) => p.id),
    application: w.applications,
    award: w.awards,
    sitting: [w.sitting],
    budget: w.budgets,
    spend: w.spends,
    pool: [w.pool],
    code: accounts.items.map((a: { code: string }) => a.code),
    id: w.entries,
    subject: w.subjects,
  };
}

const QUERY_VALUES: Record<string, string> = { from: '2026-04-01', to: '2027-03-31' };

/** Every text a response carries: JSON, CSV and journal as text, a PDF as its lines. */
export async function responseText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  if ((res.headers.get('content-type') ?? '').includes('pdf')) {
    const pages = await pdfLines(bytes);
    return pages.flat().flat().join(' ');
  }
  return new TextDecoder().decode(bytes);
}

/**
 * Calls every GET operation in /openapi.json with every id of the planted world (and the query
 * parameters an operation requires) as `token`; each must answer 200 or 403.
 */
export async function readEveryGet(
  h: Harness,
  w: PlantedWorld,
  doc: Doc,
  token: string,
): Promise<{ path: string; text: string }[]> {
  const values = await parameterValues(w);
  const answers: { path: string; text: string }[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    if (!ops.get) continue;
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    let paths = [template];
    for (const name of names) {
      // `{id}` names an entry everywhere but under /v1/sign-in-codes.
      const given = template.startsWith('/v1/sign-in-codes/') ? w.signInCodes : values[name];
      expect(given, `no values for {${name}} in ${template}`).toBeDefined();
      paths = paths.flatMap((p) => given!.map((v) => p.replace(`{${name}}`, v)));
    }
    const query = (ops.get.parameters ?? [])
      .filter((p: any) => p.in === 'query' && p.required)
      .map((p: any) => `${p.name}=${QUERY_VALUES[p.name]}`);
    if (query.length) paths = paths.map((p) => `${p}?${query.join('&')}`);
    for (const path of paths) {
      const res = await h.request(path, { token });
      expect([200, 403], `${path}: ${res.status}`).toContain(res.status);
      answers.push({ path, text: await responseText(res) });
    }
  }
  return answers;
}

export function auditorViewContract(make: () => Promise<Harness>) {
  describe('privacy: what an auditor reads', () => {
    it('shows an auditor none of the words planted in any field, on every GET in /openapi.json and every page', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const doc = (await body(await h.request('/openapi.json'))) as Doc;
      const unplanted = freeTextFields(doc).filter(
        (field) => !w.planted.has(field) && !(field in NOT_PERSONAL),
      );
      expect(unplanted, 'free-text fields with no marker planted').toEqual([]);
      const markers = [...new Set(w.planted.values())];
      // The coordinator reads them back, so the markers are really stored.
      const seen = await h.request(`/v1/alliances/${w.s.alliance}/applicants/${w.applicant}`, {
        token: w.s.coordinator,
      });
      expect(await seen.text()).toContain(
        w.planted.get('PATCH /v1/alliances/{alliance}/applicants/{applicant} name'),
      );

      const leaks: string[] = [];
      const answers = await readEveryGet(h, w, doc, w.s.auditor);
      for (const { path, text } of answers)
        for (const m of markers) if (text.includes(m)) leaks.push(`${path} shows ${m}`);
      expect(answers.length).toBeGreaterThan(60);

      // The web pages need a session: sign in through the form (the cookie is never the token).
      const signedIn = await h.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: w.s.auditor }).toString(),
      });
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const pages = [
        '/sparks',
        '/statements',
        '/statements/accounts',
        '/statements/budgets',
        '/statements/pools',
        ...w.applications.map((a) => `/sparks/applications/${a}`),
      ];
      for (const path of pages) {
        const res = await h.request(path, { headers: { cookie } });
        const text = await res.text();
        expect(res.status, `${path}: ${text.slice(0, 300)}`).toBe(200);
        for (const m of markers) if (text.includes(m)) leaks.push(`${path} shows ${m}`);
        for (const link of text.matchAll(/href="(\/v1\/[^"]+)"/g)) {
          const linked = await h.request(link[1]!.replaceAll('&amp;', '&'), {
            headers: { cookie },
          });
          expect(linked.status, link[1]).toBe(200);
          const linkedText = await responseText(linked);
          for (const m of markers) if (linkedText.includes(m)) leaks.push(`${link[1]} shows ${m}`);
        }
      }
      expect(leaks).toEqual([]);
    });
  });
}
