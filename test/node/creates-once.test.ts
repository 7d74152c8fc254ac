import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, expectProblem } from '../contract/helpers.js';
import { sparksFixture } from '../contract/sparks-helpers.js';

async function fixture() {
  const { store, sqlite } = openSqlite({ path: ':memory:' });
  const f = await sparksFixture(await makeHarness('node', store, () => store));
  return { f, sqlite };
}

const remembered = (sqlite: ReturnType<typeof openSqlite>['sqlite']) =>
  (
    sqlite.prepare('SELECT response_json FROM idempotency_keys').all() as {
      response_json: string;
    }[]
  )
    .map((r) => r.response_json)
    .join('\n');

describe('creates that move no money take an Idempotency-Key', () => {
  it('registers an applicant once per key, replays the answer, and refuses the key for another body', async () => {
    const { f, sqlite } = await fixture();
    const post = (json: unknown, key?: string | false) =>
      f.call('POST', 'applicants', f.panel, json, key);
    const first = await post({ name: 'R.T.', contact: '07700 900123', consent: true }, 'ap-1');
    expect(first.status).toBe(201);
    const again = await post({ name: 'R.T.', contact: '07700 900123', consent: true }, 'ap-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await body(again)).toEqual(await body(first));
    await expectProblem(
      await post({ name: 'Someone else', consent: true }, 'ap-1'),
      409,
      'idempotency_key_reused',
    );
    // Without a key, as before: each request registers someone.
    const a = await body(await post({ name: 'X.', consent: true }, false));
    const b = await body(await post({ name: 'X.', consent: true }, false));
    expect(a.id).not.toBe(b.id);
    // What a person gave is not copied into the idempotency table: only the new record's id.
    expect(remembered(sqlite)).not.toMatch(/R\.T\.|07700/);
  });

  it('never re-registers an erased applicant on a replay, and shows nothing of them', async () => {
    const { f, sqlite } = await fixture();
    const json = { name: 'M.K.', consent: true };
    const first = await body(await f.call('POST', 'applicants', f.panel, json, 'er-1'));
    await f.ok('POST', `applicants/${first.id}/erasure`, {}, { status: 200 });
    const applicants = () =>
      (sqlite.prepare('SELECT count(*) AS n FROM applicants').get() as { n: number }).n;
    const before = applicants();
    const again = await f.call('POST', 'applicants', f.panel, json, 'er-1');
    // Erasure blanks the stored answer too (issue 10), so the replay finds no record to read
    // back: it answers 404, shows nothing of what was erased and registers no one again.
    expect(again.status).toBe(404);
    expect(await again.text()).not.toContain('M.K.');
    expect(applicants()).toBe(before);
  });

  it('records an application and a sitting once per key', async () => {
    const { f, sqlite } = await fixture();
    const applicant = await f.applicant();
    const json = {
      applicantId: applicant,
      amountAsked: '120.00',
      purpose: 'A monthly bus pass to get to college',
      domain: 'purposeful-activity',
      receivedOn: '2026-05-20',
    };
    const first = await body(await f.call('POST', 'applications', f.panel, json, 'app-1'));
    const second = await f.call('POST', 'applications', f.panel, json, 'app-1');
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await body(second)).id).toBe(first.id);
    const list = await f.ok('GET', 'applications');
    expect(
      list.items.filter((a: { applicantId: string }) => a.applicantId === applicant),
    ).toHaveLength(1);
    expect(remembered(sqlite)).not.toContain('bus pass');

    const sitting = { heldOn: '2026-05-28', memberIds: f.members.slice(0, 3) };
    const s1 = await body(await f.call('POST', 'sittings', f.panel, sitting, 'sit-1'));
    const s2 = await f.call('POST', 'sittings', f.panel, sitting, 'sit-1');
    expect(s2.headers.get('idempotent-replayed')).toBe('true');
    expect(await body(s2)).toEqual(s1);
  });

  it('registers a person and creates a pool once per key', async () => {
    const { f } = await fixture();
    const person = { kind: 'holder', name: 'A holder' };
    const p1 = await body(
      await f.h.request('/v1/people', {
        method: 'POST',
        token: f.coordinator,
        key: 'p-1',
        json: person,
      }),
    );
    const p2 = await f.h.request('/v1/people', {
      method: 'POST',
      token: f.coordinator,
      key: 'p-1',
      json: person,
    });
    expect(p2.headers.get('idempotent-replayed')).toBe('true');
    expect(await body(p2)).toEqual(p1);
    const pool = { name: 'Walking group', coordinatorPersonId: p1.id, splitRule: 'pro_rata' };
    const q1 = await f.h.request('/v1/pools', {
      method: 'POST',
      token: f.coordinator,
      key: 'q-1',
      json: pool,
    });
    expect(q1.status, await q1.clone().text()).toBe(201);
    const q2 = await f.h.request('/v1/pools', {
      method: 'POST',
      token: f.coordinator,
      key: 'q-1',
      json: pool,
    });
    expect(q2.headers.get('idempotent-replayed')).toBe('true');
    expect((await body(q2)).id).toBe((await body(q1)).id);
  });
});
