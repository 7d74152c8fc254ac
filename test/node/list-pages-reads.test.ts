import { describe, expect, it, vi } from 'vitest';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { openSqlite } from '../../src/store/node-store.js';

/** Signs in through the form, as a browser would; the session cookie to send back. */
async function cookieFor(h: Awaited<ReturnType<typeof makeHarness>>, token: string) {
  const res = await h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ code: token }).toString(),
  });
  expect(res.status).toBe(303);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('list pages name the people on the page, not everyone on file', () => {
  it('reads only the applicants and holders of the rows shown, in one read each', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const s = await sparksFixture(h);
    const people = [await s.applicant('Ann Able'), await s.applicant('Ben Bold')];
    await s.applicant('Cat Cole');
    await s.application(people[0]!, '20.00', '2026-04-01');
    await s.application(people[1]!, '30.00', '2026-04-02');
    const f = await budgetsFixture(h);
    await f.budget(f.people.holder.id, { allocate: '100.00' });

    const everyone = vi.spyOn(store.sparks, 'listApplicants');
    const named = vi.spyOn(store.sparks, 'getApplicants');
    const everyPerson = vi.spyOn(store.budgets, 'listPeople');
    const holders = vi.spyOn(store.budgets, 'getPeople');
    const cookie = await cookieFor(h, await h.token('coordinator'));
    const page = async (path: string) => {
      const res = await h.request(path, { headers: { cookie } });
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(200);
      return text;
    };

    const applications = await page('/sparks/applications');
    expect(applications).toContain('(AA)');
    expect(applications).toContain('(BB)');
    expect(named).toHaveBeenCalledTimes(1);
    expect([...named.mock.calls[0]![0]].sort()).toEqual([...people].sort());
    await page('/sparks/awards');
    expect(named).toHaveBeenCalledTimes(1); // no awards: nobody to name, nothing read
    await page('/budgets/lists/budgets');
    expect(holders).toHaveBeenCalledTimes(1);
    expect(holders.mock.calls[0]![0]).toEqual([f.people.holder.id]);
    expect(everyone).not.toHaveBeenCalled();
    expect(everyPerson).not.toHaveBeenCalled();
  });
});
