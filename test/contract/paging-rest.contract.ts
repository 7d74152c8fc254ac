import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { budgetsFixture } from './budgets-helpers.js';
import { refuses, walk } from './paging-more.contract.js';
import { sparksFixture } from './sparks-helpers.js';

/**
 * Walking a list a few rows at a time reads what one large page reads, in the same order, and
 * each page holds at most the limit asked for.
 */
async function walksLikeOnePage(h: Harness, token: string, path: string, limit: number) {
  const sep = path.includes('?') ? '&' : '?';
  const res = await h.request(`${path}${sep}limit=500`, { token });
  expect(res.status, await res.clone().text()).toBe(200);
  const whole = ((await res.json()) as { items: { id: string }[] }).items.map((x) => x.id);
  const pages = await walk(h, token, `${path}${sep}limit=${limit}`);
  expect(whole.length).toBeGreaterThan(limit);
  expect(pages.length).toBe(Math.ceil(whole.length / limit));
  for (const p of pages) expect(p.length).toBeLessThanOrEqual(limit);
  expect(pages.flat().map((x) => x.id)).toEqual(whole);
  return pages.flat();
}

/** The lists paged last: reminders, sign-in codes, closings, panel members and my budgets. */
export function pagingRestContract(make: () => Promise<Harness>) {
  describe('the last lists a page at a time', () => {
    it('pages reminders newest first, by status, naming each person by reference', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const who = await s.applicant('A.');
      const decided = ['2026-05-01', '2026-05-03', '2026-05-03', '2026-05-02'];
      await h.store.commit(() =>
        decided.map((day, i) => ({
          kind: 'reminder' as const,
          reminder: {
            id: `rem_${i}`,
            allianceId: s.alliance,
            dedupeKey: `follow_up_due:awd_${i}`,
            kind: 'follow_up_due' as const,
            subjectId: who,
            vars: { date: day },
            decidedAt: `${day}T09:00:00.000Z`,
            status: i === 0 ? ('cancelled' as const) : ('waiting' as const),
            attempts: 0,
            lastError: null,
            lastAttemptAt: null,
            sentAt: null,
            channel: null,
            providerRef: null,
          },
        })),
      );
      const base = `/v1/alliances/${s.alliance}/reminders`;
      const all = await walksLikeOnePage(h, s.coordinator, base, 1);
      expect(all.map((r) => r.id)).toEqual(['rem_2', 'rem_1', 'rem_3', 'rem_0']);
      expect(all.map((r) => String(r.reference).slice(0, 3))).toEqual(['SP-', 'SP-', 'SP-', 'SP-']);
      const waiting = (await walk(h, s.coordinator, `${base}?status=waiting&limit=2`)).flat();
      expect(waiting.map((r) => r.id)).toEqual(['rem_2', 'rem_1', 'rem_3']);
      await refuses(h, s.coordinator, base, ['after=x', 'limit=501', 'status=lost']);
    });

    it('pages sign-in codes newest first, and closings latest first', async () => {
      const h = await make();
      const coordinator = await h.token('coordinator');
      for (const [i, personName] of ['A.', 'B.', 'C.'].entries()) {
        h.setNow(`2026-05-0${i + 1}T09:00:00.000Z`);
        const res = await h.request('/v1/sign-in-codes', {
          method: 'POST',
          token: coordinator,
          json: { role: 'panel', personName },
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }
      h.setNow('2026-06-01T09:00:00.000Z');
      const codes = await walksLikeOnePage(h, coordinator, '/v1/sign-in-codes', 2);
      expect(codes.slice(0, 3).map((x) => x.personName)).toEqual(['C.', 'B.', 'A.']);
      await refuses(h, coordinator, '/v1/sign-in-codes', ['after=x', 'limit=0']);

      await sparksFixture(h);
      for (const closedThrough of ['2026-03-31', '2026-04-30', '2026-05-31']) {
        const res = await h.request('/v1/ledger/closings', {
          method: 'POST',
          token: coordinator,
          json: { closedThrough },
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }
      const closings = await walksLikeOnePage(h, coordinator, '/v1/ledger/closings', 2);
      expect(closings.map((x) => x.closedThrough)).toEqual([
        '2026-05-31',
        '2026-04-30',
        '2026-03-31',
      ]);
      const first = await (
        await h.request('/v1/ledger/closings?limit=2', { token: coordinator })
      ).json();
      const last = await (
        await h.request(`/v1/ledger/closings?limit=2&after=${encodeURIComponent(first.next)}`, {
          token: coordinator,
        })
      ).json();
      // The lock date stands on every page, not only the first.
      expect(last).toMatchObject({ lockedThrough: '2026-05-31', next: null });
      await refuses(h, coordinator, '/v1/ledger/closings', ['after=x', 'limit=501']);
    });

    it('pages panel members in joining order, serving or retired', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      await s.ok(
        'POST',
        `panel-members/${s.members[1]}/retirement`,
        { retiredOn: '2026-05-10' },
        { key: false, status: 200 },
      );
      const base = `/v1/alliances/${s.alliance}/panel-members`;
      const all = await walksLikeOnePage(h, s.panel, base, 2);
      expect(all.map((m) => m.id)).toEqual(s.members);
      const serving = (await walk(h, s.panel, `${base}?state=serving&limit=3`)).flat();
      expect(serving.map((m) => m.id)).toEqual(s.members.filter((_, i) => i !== 1));
      const retired = (await walk(h, s.coordinator, `${base}?state=retired`)).flat();
      expect(retired.map((m) => m.id)).toEqual([s.members[1]]);
      await refuses(h, s.panel, base, ['after=x', 'limit=501', 'state=gone']);
    });

    it('pages the budgets a holder holds by period start, and no one else’s', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      const mine: string[] = [];
      for (const start of ['2026-06-01', '2026-04-01', '2026-05-01'])
        mine.push(await f.budget(f.people.holder.id, { start, end: '2027-03-31' }));
      await f.budget(f.people.other.id);
      const token = f.people.holder.token;
      const all = await walksLikeOnePage(h, token, '/v1/me/budgets', 2);
      expect(all.map((b) => b.periodStart)).toEqual(['2026-04-01', '2026-05-01', '2026-06-01']);
      expect(all.map((b) => b.id).sort()).toEqual([...mine].sort());
      await refuses(h, token, '/v1/me/budgets', ['after=x', 'limit=0']);
    });
  });
}
