import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { budgetsFixture } from './budgets-helpers.js';
import { sparksFixture } from './sparks-helpers.js';

type Page = {
  items: { id: string; receivedOn?: string; reference?: string; periodStart?: string }[];
  next: string | null;
};

/** Every page of a list, following `next` from the first. */
async function allPages(h: Harness, token: string, path: string): Promise<Page['items'][]> {
  const pages: Page['items'][] = [];
  let after: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = after ? `${path}${sep}after=${encodeURIComponent(after)}` : path;
    const res = await h.request(url, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    const page = (await res.json()) as Page;
    pages.push(page.items);
    after = page.next;
  } while (after && pages.length < 50);
  return pages;
}

export function pagingContract(make: () => Promise<Harness>) {
  describe('lists a page at a time', () => {
    it('gives every application once, in received-date order, across pages of a set size', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const people = [await s.applicant('A.'), await s.applicant('B.')];
      const days = ['2026-05-03', '2026-05-01', '2026-05-02', '2026-05-01', '2026-05-05'];
      const made = [];
      for (const [i, day] of days.entries())
        made.push(await s.application(people[i % 2]!, '20.00', day));
      const base = `/v1/alliances/${s.alliance}/applications`;
      const pages = await allPages(h, s.panel, `${base}?limit=2`);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      const seen = pages.flat();
      expect(seen.map((a) => a.id).sort()).toEqual([...made].sort());
      expect(seen.map((a) => a.receivedOn)).toEqual([...days].sort());

      const may2 = (await allPages(h, s.panel, `${base}?from=2026-05-02&to=2026-05-03`)).flat();
      expect(may2.map((a) => a.receivedOn)).toEqual(['2026-05-02', '2026-05-03']);
      const applicant = await s.ok('GET', `applicants/${people[1]}`, undefined, { token: s.panel });
      const byRef = (
        await allPages(h, s.panel, `${base}?reference=${applicant.reference.slice(0, 6)}`)
      ).flat();
      expect(byRef.length).toBeGreaterThanOrEqual(2);
      const exact = (await allPages(h, s.panel, `${base}?reference=${applicant.reference}`)).flat();
      expect(exact.map((a) => a.id).sort()).toEqual([made[1], made[3]].sort());
      expect((await allPages(h, s.panel, `${base}?status=declined`)).flat()).toEqual([]);
    });

    it('pages applicants by reference and finds one from the start of it', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      for (const name of ['A.', 'B.', 'C.']) await s.applicant(name);
      const base = `/v1/alliances/${s.alliance}/applicants`;
      const all = (await allPages(h, s.panel, `${base}?limit=1`)).flat();
      expect(all).toHaveLength(3);
      const refs = all.map((a) => a.reference!);
      expect(refs).toEqual([...refs].sort());
      const found = (
        await allPages(h, s.panel, `${base}?reference=${refs[1]!.toLowerCase()}`)
      ).flat();
      expect(found.map((a) => a.reference)).toEqual([refs[1]]);
    });

    it('pages budgets in period-start order, filtered by status, period and holder', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      const { holder, other } = f.people;
      const made = [
        await f.budget(holder.id, { start: '2026-04-01', end: '2027-03-31' }),
        await f.budget(other.id, { start: '2025-04-01', end: '2026-03-31' }),
        await f.budget(other.id, { start: '2026-06-01', end: '2027-05-31' }),
      ];
      const all = (await allPages(h, f.coordinator, '/v1/budgets?limit=2')).flat();
      expect(all.map((b) => b.id).sort()).toEqual([...made].sort());
      expect(all.map((b) => b.periodStart)).toEqual(['2025-04-01', '2026-04-01', '2026-06-01']);
      const pages = await allPages(h, f.auditor, '/v1/budgets?limit=1');
      expect(pages.map((p) => p.length)).toEqual([1, 1, 1]);

      const current = (await allPages(h, f.coordinator, '/v1/budgets?from=2026-04-01')).flat();
      expect(current.map((b) => b.id).sort()).toEqual([made[0], made[2]].sort());
      const early = (await allPages(h, f.coordinator, '/v1/budgets?to=2026-05-01')).flat();
      expect(early.map((b) => b.id).sort()).toEqual([made[0], made[1]].sort());
      const ref = (await h.store.budgets.getPerson(other.id))!.reference!;
      const theirs = (
        await allPages(h, f.coordinator, `/v1/budgets?reference=${ref.toLowerCase()}`)
      ).flat();
      expect(theirs.map((b) => b.id).sort()).toEqual([made[1], made[2]].sort());
      expect((await allPages(h, f.coordinator, '/v1/budgets?status=closed')).flat()).toEqual([]);
      expect((await allPages(h, f.coordinator, '/v1/budgets?status=open')).flat()).toHaveLength(3);
      for (const bad of ['after=nonsense', 'limit=501', 'status=shut', 'from=April']) {
        const res = await h.request(`/v1/budgets?${bad}`, { token: f.coordinator });
        expect(res.status, bad).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('pages the people on budgets by reference, by kind, names for coordinators only', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      const all = (await allPages(h, f.coordinator, '/v1/people?limit=1')).flat();
      const ids = Object.values(f.people).map((p) => p.id);
      expect(all.map((p) => p.id).sort()).toEqual([...ids].sort());
      const refs = all.map((p) => p.reference!);
      expect(refs).toEqual([...refs].sort());
      const found = (
        await allPages(h, f.auditor, `/v1/people?reference=${refs[2]!.toLowerCase()}`)
      ).flat();
      expect(found.map((p) => p.reference)).toEqual([refs[2]]);
      expect(found[0]).not.toHaveProperty('name');
      const brokers = (await allPages(h, f.coordinator, '/v1/people?kind=broker')).flat();
      expect(brokers.map((p) => p.id)).toEqual([f.people.broker.id]);
      expect(brokers[0]).toHaveProperty('name');
      for (const bad of ['after=nonsense', 'limit=0', 'kind=panel']) {
        const res = await h.request(`/v1/people?${bad}`, { token: f.coordinator });
        expect(res.status, bad).toBe(422);
      }
      const holder = await h.request('/v1/people', { token: f.people.holder.token });
      expect(holder.status).toBe(403);
    });

    it('refuses a cursor it never gave and a page larger than the maximum, clearly', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const base = `/v1/alliances/${s.alliance}`;
      for (const path of [`${base}/awards?after=nonsense`, `${base}/applicants?limit=501`]) {
        const res = await h.request(path, { token: s.panel });
        expect(res.status).toBe(422);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
    });
  });
}
