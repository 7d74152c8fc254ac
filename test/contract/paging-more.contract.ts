import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { budgetsFixture } from './budgets-helpers.js';
import { sparksFixture } from './sparks-helpers.js';

type Item = Record<string, unknown> & { id: string };

/** Every page of a list, following `next` from the first; the sizes of the pages too. */
export async function walk(h: Harness, token: string, path: string): Promise<Item[][]> {
  const pages: Item[][] = [];
  let after: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = after ? `${path}${sep}after=${encodeURIComponent(after)}` : path;
    const res = await h.request(url, { token });
    expect(res.status, `${url}: ${await res.clone().text()}`).toBe(200);
    const page = (await res.json()) as { items: Item[]; next: string | null };
    expect(page.items.length).toBeGreaterThan(0);
    pages.push(page.items);
    after = page.next;
  } while (after && pages.length < 50);
  return pages;
}

/** Each query is refused with a problem, not a 500 and not an empty page. */
export async function refuses(h: Harness, token: string, base: string, bad: string[]) {
  for (const q of bad) {
    const res = await h.request(`${base}?${q}`, { token });
    expect(res.status, q).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  }
}

export function pagingMoreContract(make: () => Promise<Harness>) {
  describe('more lists a page at a time', () => {
    it('pages sittings latest first, by the dates held and whether anything was decided', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const who = await s.applicant('A.');
      const apps = [
        await s.application(who, '20.00', '2026-04-20'),
        await s.application(who, '30.00', '2026-04-21'),
        await s.application(who, '40.00', '2026-04-22'),
      ];
      const held = ['2026-05-01', '2026-05-08', '2026-05-08', '2026-05-15'];
      const made: string[] = [];
      for (const day of held) made.push(await s.sitting(day));
      const [first, second, third, last] = made as [string, string, string, string];
      expect((await s.decide(apps[0]!, second, { outcome: 'decline', reason: 'x' })).status).toBe(
        201,
      );
      expect((await s.decide(apps[1]!, second, { outcome: 'defer', reason: 'y' })).status).toBe(
        201,
      );
      expect((await s.decide(apps[2]!, third, { outcome: 'decline', reason: 'z' })).status).toBe(
        201,
      );

      const base = `/v1/alliances/${s.alliance}/sittings`;
      const pages = await walk(h, s.panel, `${base}?limit=3`);
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      const all = pages.flat();
      expect(all.map((x) => x.heldOn)).toEqual([...held].reverse());
      expect(all.map((x) => x.id).sort()).toEqual([...made].sort());
      const byId = new Map(all.map((x) => [x.id, x]));
      expect(byId.get(second)).toMatchObject({ members: 4, heard: 2, declined: 1, deferred: 1 });
      expect(byId.get(first)).toMatchObject({ heard: 0, awarded: 0, declined: 0, deferred: 0 });

      const ids = async (q: string) =>
        (await walk(h, s.coordinator, `${base}?limit=1&${q}`))
          .flat()
          .map((x) => x.id)
          .sort();
      expect(await ids('state=decided')).toEqual([second, third].sort());
      expect(await ids('state=open')).toEqual([first, last].sort());
      expect(await ids('from=2026-05-08&to=2026-05-08')).toEqual([second, third].sort());
      expect(await ids('from=2026-05-09')).toEqual([last]);
      const none = await h.request(`${base}?to=2026-04-30`, { token: s.panel });
      expect(await none.json()).toEqual({ items: [], next: null });

      await refuses(h, s.panel, base, [
        'after=nonsense',
        'limit=501',
        'limit=0',
        'state=shut',
        'from=April',
        'to=2026-02-30',
      ]);
      const max = await h.request(`${base}?limit=500`, { token: s.panel });
      expect(max.status).toBe(200);
      const auditor = await h.request(base, { token: s.auditor });
      expect(auditor.status).toBe(403);
    });

    it('pages receipts by the dates received and restriction, and follow-ups by state', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const received = ['2026-04-03', '2026-04-01', '2026-04-02', '2026-04-02'];
      const made: string[] = [];
      for (const [i, receivedOn] of received.entries())
        made.push(
          (
            await s.ok('POST', 'receipts', {
              funder: `Funder ${i}`,
              amount: '500.00',
              receivedOn,
              restricted: i === 0,
            })
          ).id,
        );
      const receipts = `/v1/alliances/${s.alliance}/receipts`;
      const pages = await walk(h, s.auditor, `${receipts}?limit=3`);
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      expect(pages.flat().map((r) => r.receivedOn)).toEqual([...received].sort());
      expect(
        pages
          .flat()
          .map((r) => r.id)
          .sort(),
      ).toEqual([...made].sort());
      const on2 = (await walk(h, s.panel, `${receipts}?from=2026-04-02&to=2026-04-02&limit=1`))
        .flat()
        .map((r) => r.id);
      expect(on2.sort()).toEqual([made[2], made[3]].sort());
      const restricted = (await walk(h, s.panel, `${receipts}?restricted=true`)).flat();
      expect(restricted.map((r) => r.id)).toEqual([made[0]]);
      await refuses(h, s.panel, receipts, ['after=x', 'limit=501', 'restricted=maybe', 'to=4/4']);

      // Three awards whose follow-ups fall due before today (1 June), soon, and later.
      const who = await s.applicant('A.');
      const sitting = await s.sitting('2026-05-01');
      const dues = ['2026-05-20', '2026-06-05', '2026-08-01'];
      for (const [i, followUpDue] of dues.entries()) {
        const app = await s.application(who, '20.00', `2026-04-2${i}`);
        const res = await s.decide(app, sitting, {
          outcome: 'award',
          amount: '20.00',
          purpose: 'Bus pass',
          followUpDue,
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }
      const followUps = `/v1/alliances/${s.alliance}/follow-ups`;
      const all = await walk(h, s.panel, `${followUps}?limit=2`);
      expect(all.map((p) => p.length)).toEqual([2, 1]);
      expect(all.flat().map((f) => f.dueOn)).toEqual(dues);
      const state = async (q: string) =>
        (await walk(h, s.coordinator, `${followUps}?limit=1&${q}`)).flat().map((f) => f.dueOn);
      expect(await state('state=overdue')).toEqual(['2026-05-20']);
      expect(await state('state=due-soon')).toEqual(['2026-06-05']);
      expect(await state('state=due-soon&withinDays=90')).toEqual(['2026-06-05', '2026-08-01']);
      expect(await state('from=2026-06-01')).toEqual(['2026-06-05', '2026-08-01']);
      const none = await h.request(`${followUps}?state=heard`, { token: s.panel });
      expect(await none.json()).toMatchObject({ items: [], next: null, filter: 'heard' });
      await refuses(h, s.panel, followUps, ['after=x', 'limit=501', 'state=late', 'from=May']);
    });

    it('pages streams and pools in name order, found by how the name starts', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      for (const name of ['Housing', 'Travel', 'Therapy'])
        await f.ok('POST', 'streams', {
          name,
          forbiddenCategories: [],
          extraCategories: [],
          approvalLimit: '100.00',
          topSlicePercent: '0',
          periodEndRule: 'return',
        });
      const streams = (await walk(h, f.auditor, '/v1/streams?limit=2')).flat();
      expect(streams.map((x) => x.name)).toEqual(['Housing', 'Therapy', 'Travel', 'Treatment']);
      const t = (await walk(h, f.coordinator, '/v1/streams?name=t&limit=1')).flat();
      expect(t.map((x) => x.name)).toEqual(['Therapy', 'Travel', 'Treatment']);
      await refuses(h, f.coordinator, '/v1/streams', ['after=x', 'limit=501']);

      for (const name of ['Walkers', 'Allotment', 'Choir'])
        await f.ok('POST', 'pools', { name, coordinatorPersonId: f.people.holder.id });
      const pools = await walk(h, f.coordinator, '/v1/pools?limit=2');
      expect(pools.map((p) => p.length)).toEqual([2, 1]);
      expect(pools.flat().map((x) => x.name)).toEqual(['Allotment', 'Choir', 'Walkers']);
      const w = (await walk(h, f.auditor, '/v1/pools?name=WAL')).flat();
      expect(w.map((x) => x.name)).toEqual(['Walkers']);
      await refuses(h, f.coordinator, '/v1/pools', ['after=x', 'limit=0']);
    });
  });
}
