import { describe, expect, it } from 'vitest';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

const FEWER = 'fewer than 5';

export function reportContract(make: () => Promise<Harness>) {
  describe('the commissioners’ report', () => {
    it('ties to the ledger to the penny and never shows, or lets a total give away, a cell of 3', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const f = await budgetsFixture(h);
      const spend = (budget: string, token: string, category: string, amount: string) =>
        f.ok(
          'POST',
          `budgets/${budget}/spends`,
          {
            provider: 'Bus Co',
            category,
            amount,
            spentOn: '2026-05-01',
            description: 'x',
          },
          { token },
        );
      for (let i = 0; i < 6; i++) {
        const person = (await f.ok('POST', 'people', { kind: 'holder' }, { key: false })).id;
        const token = await h.token('holder', { holder: person });
        const budget = await f.budget(person, { allocate: '100.00' });
        await spend(budget, token, 'health', '10.00');
        if (i < 5) await spend(budget, token, 'housing', '5.00');
      }
      for (let i = 0; i < 3; i++) {
        const person = (await f.ok('POST', 'people', { kind: 'holder' }, { key: false })).id;
        const token = await h.token('holder', { holder: person });
        const budget = await f.budget(person, { allocate: '100.00', mode: 'joint' });
        await spend(budget, token, 'travel', '20.00');
      }
      const report = await f.ok(
        'GET',
        `alliances/${h.alliance}/commissioners-report?from=2026-04-01&to=2027-03-31`,
        undefined,
        { token: f.auditor, key: false },
      );
      const b = report.budgets;
      expect(b.spentByCategory.cells).toEqual([
        { key: 'health', count: 6, amount: '60.00' },
        { key: 'housing', count: 'suppressed', amount: 'suppressed' },
        { key: 'travel', count: FEWER, amount: 'suppressed' },
      ]);
      expect(b.spentByCategory.total).toEqual({ count: 14, amount: '145.00' });
      expect(b.byMode.cells.map((c: { count: unknown }) => c.count)).toEqual([
        'suppressed',
        FEWER,
        0,
      ]);
      expect(b.byMode.total.count).toBe(9);
      // To the penny: what the report says was spent and allocated is what the ledger holds.
      // The bank took £20,000.00 for the stream and paid out every spend.
      const bank = await f.ok('GET', `accounts/alliance:${h.alliance}:bank`, undefined, {
        key: false,
      });
      expect(bank.balance).toBe('19855.00');
      const budgets = (await f.ok('GET', 'budgets', undefined, { key: false })).items;
      const total = (k: string) =>
        budgets
          .reduce(
            (sum: number, x: Record<string, string>) => sum + Math.round(Number(x[k]) * 100),
            0,
          )
          .toString();
      expect(b.spentByStream.total.amount.replace('.', '')).toBe(total('spent'));
      expect(b.allocatedByStream.total.amount).toBe('855.00');
      expect(b.allocatedByStream.total.amount.replace('.', '')).toBe(total('allocated'));
      // No cell anywhere shows a count from 1 to 4.
      const counts = JSON.stringify(report).match(/"count":\d+/g) ?? [];
      for (const c of counts)
        expect(Number(c.slice(8)) === 0 || Number(c.slice(8)) >= 5).toBe(true);
      expect(report.sparks.applications.total.count).toBe(0);
      expect(s.alliance).toBe(h.alliance);
    });

    it('is for coordinators and auditors of the alliance only', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      const path = `alliances/${h.alliance}/commissioners-report`;
      await expectProblem(await f.call('GET', path, f.people.holder.token), 403);
      const panel = await h.token('panel');
      await expectProblem(await f.call('GET', path, panel), 403);
      const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
      await expectProblem(await f.call('GET', path, elsewhere), 404);
      await expectProblem(await f.call('GET', `${path}?from=2026-13-01`, f.coordinator), 422);
      expect((await f.call('GET', path, f.coordinator)).status).toBe(200);
    });
  });
}
