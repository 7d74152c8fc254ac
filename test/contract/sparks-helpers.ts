import { expect } from 'vitest';
import type { Harness } from './harness.js';
import { body, newKey } from './helpers.js';

export interface SparksFixture {
  h: Harness;
  alliance: string;
  coordinator: string;
  panel: string;
  auditor: string;
  /** Panel members: the first three have lived experience, the last two do not. */
  members: string[];
  call(
    method: string,
    path: string,
    token: string,
    json?: unknown,
    key?: string | false,
  ): Promise<Response>;
  ok<T = any>(
    method: string,
    path: string,
    json?: unknown,
    options?: { token?: string; key?: string | false; status?: number },
  ): Promise<T>;
  applicant(name?: string): Promise<string>;
  application(
    applicantId: string,
    amount: string,
    receivedOn: string,
    domain?: string,
  ): Promise<string>;
  sitting(heldOn: string, memberIds?: string[]): Promise<string>;
  decide(
    applicationId: string,
    sittingId: string,
    decision: Record<string, unknown>,
    key?: string,
  ): Promise<Response>;
  fund(): Promise<Record<string, string>>;
  /** What must not change when a request is refused. */
  snapshot(): Promise<unknown>;
}

export async function sparksFixture(
  h: Harness,
  alliance = h.alliance,
  settings: Record<string, unknown> = {},
): Promise<SparksFixture> {
  const coordinator = await h.token('coordinator', { alliance });
  const panel = await h.token('panel', { alliance });
  const auditor = await h.token('auditor', { alliance });
  const base = `/v1/alliances/${alliance}`;
  const f: SparksFixture = {
    h,
    alliance,
    coordinator,
    panel,
    auditor,
    members: [],
    call(method, path, token, json, key) {
      return h.request(path.startsWith('/') ? path : `${base}/${path}`, {
        method,
        token,
        ...(json === undefined ? {} : { json }),
        ...(key === false ? {} : { key: key ?? newKey() }),
      });
    },
    async ok(method, path, json, options = {}) {
      const res = await f.call(method, path, options.token ?? coordinator, json, options.key);
      const text = await res.text();
      expect(res.status, `${method} ${path}: ${text}`).toBe(
        options.status ?? (method === 'POST' ? 201 : 200),
      );
      return JSON.parse(text);
    },
    async applicant(name = 'J.') {
      return (await f.ok('POST', 'applicants', { name, consent: true }, { token: panel })).id;
    },
    async application(applicantId, amount, receivedOn, domain = 'purposeful-activity') {
      return (
        await f.ok(
          'POST',
          'applications',
          {
            applicantId,
            amountAsked: amount,
            purpose: 'A monthly bus pass to get to college',
            domain,
            receivedOn,
          },
          { token: panel },
        )
      ).id;
    },
    async sitting(heldOn, memberIds = f.members.slice(0, 4)) {
      return (await f.ok('POST', 'sittings', { heldOn, memberIds }, { token: panel })).id;
    },
    decide(applicationId, sittingId, decision, key) {
      return f.call(
        'POST',
        `applications/${applicationId}/decision`,
        panel,
        { sittingId, ...decision },
        key,
      );
    },
    async fund() {
      return f.ok('GET', 'fund');
    },
    async snapshot() {
      const [fund, tb, apps, awards, head] = await Promise.all([
        f.ok('GET', 'fund'),
        f.ok('GET', '/v1/ledger/trial-balance'),
        f.ok('GET', 'applications'),
        f.ok('GET', 'awards'),
        h.store.chainHead(),
      ]);
      return { fund, tb, apps, awards, head };
    },
  };
  await f.ok('POST', '/v1/alliances', { id: alliance, name: `Alliance ${alliance}`, ...settings });
  for (const [name, lived] of [
    ['A.B.', true],
    ['C.D.', true],
    ['E.F.', true],
    ['G.H.', false],
    ['I.J.', false],
  ] as const) {
    f.members.push((await f.ok('POST', 'panel-members', { name, livedExperience: lived })).id);
  }
  return f;
}

export { body, newKey };
