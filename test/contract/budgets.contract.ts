import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';
import { budgetsFixture } from './budgets-helpers.js';
import { newKey } from './helpers.js';

export function budgetsContract(make: () => Promise<Harness>) {
  describe('individual budgets: allocation and spending', () => {
    it('allocates from a stream in one entry with the brokerage top-slice as its own posting', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id);
      const res = await f.ok('POST', `budgets/${budget}/allocations`, {
        amount: '400.00',
        allocatedOn: '2026-04-02',
      });
      expect(res).toMatchObject({ gross: '400.00', topSlice: '20.00', net: '380.00' });
      const entry = await f.ok('GET', `entries/${res.entryId}`, undefined, { key: false });
      expect(entry.postings).toEqual([
        { account: `stream:${f.stream}`, amount: '400.00' },
        { account: `budget:${budget}`, amount: '-380.00' },
        { account: `alliance:${f.h.alliance}:income:brokerage`, amount: '-20.00' },
      ]);
      expect(await f.money(budget)).toMatchObject({
        allocated: '380.00',
        available: '380.00',
        spent: '0.00',
      });
    });

    it('pays a spend within the limit at once, and replays a retried one', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const key = newKey();
      const json = {
        provider: 'Crawley Leisure',
        category: 'health',
        amount: '35.50',
        spentOn: '2026-05-01',
        description: 'Swim pass',
      };
      const first = await f.ok('POST', `budgets/${budget}/spends`, json, {
        token: f.people.holder.token,
        key,
      });
      expect(first).toMatchObject({ status: 'approved', needsApproval: false });
      const again = await f.call(
        'POST',
        `budgets/${budget}/spends`,
        f.people.holder.token,
        json,
        key,
      );
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await f.money(budget, f.people.holder.token)).toMatchObject({
        spent: '35.50',
        available: '344.50',
        pending: '0.00',
      });
    });

    it('refuses spends that break a rule, each with its own code, writing nothing', async () => {
      const f = await budgetsFixture(await make(), {
        allowedProviders: ['Crawley Leisure', 'Bus Co'],
        allowedCategories: ['health', 'travel'],
      });
      const budget = await f.budget(f.people.holder.id, { allocate: '100.00' });
      const spend = (over: Record<string, unknown>) =>
        f.call('POST', `budgets/${budget}/spends`, f.people.holder.token, {
          provider: 'Crawley Leisure',
          category: 'health',
          amount: '10.00',
          spentOn: '2026-05-01',
          description: 'x',
          ...over,
        });
      const before = await f.snapshot();
      await expectProblem(await spend({ category: 'gambling' }), 422, 'category_forbidden');
      await expectProblem(await spend({ category: 'housing' }), 422, 'category_not_allowed');
      await expectProblem(await spend({ category: 'crypto' }), 422, 'unknown_category');
      await expectProblem(await spend({ provider: 'Bookies Ltd' }), 422, 'provider_not_allowed');
      // After the period's end is also after today (2026-06-01): that is refused first.
      await expectProblem(await spend({ spentOn: '2027-04-01' }), 422, 'future_date');
      await expectProblem(await spend({ spentOn: '2026-03-31' }), 422, 'outside_period');
      const p = await expectProblem(await spend({ amount: '95.01' }), 409, 'insufficient_budget');
      expect(p.available).toBe('95.00');
      expect(await f.snapshot()).toEqual(before);
    });

    it('holds a spend above the limit so the money cannot be spent twice, until it is approved', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' }); // 380.00 net
      const big = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Course Co',
          category: 'purposeful-activity',
          amount: '300.00',
          spentOn: '2026-05-01',
          description: 'Forklift licence',
        },
        { token: f.people.holder.token },
      );
      expect(big).toMatchObject({ status: 'pending', needsApproval: true });
      expect(await f.money(budget)).toMatchObject({
        available: '80.00',
        pending: '300.00',
        spent: '0.00',
      });
      await expectProblem(
        await f.call('POST', `budgets/${budget}/spends`, f.people.holder.token, {
          provider: 'Bus Co',
          category: 'travel',
          amount: '80.01',
          spentOn: '2026-05-02',
          description: 'Fares',
        }),
        409,
        'insufficient_budget',
      );
      await expectProblem(
        await f.call('POST', `spends/${big.id}/approval`, f.people.holder.token, {}),
        403,
        'forbidden',
      );
      const approved = await f.ok('POST', `spends/${big.id}/approval`, {}, { status: 200 });
      expect(approved).toMatchObject({
        status: 'approved',
        decidedBy: expect.stringMatching(/^tok_/),
      });
      expect(await f.money(budget)).toMatchObject({
        available: '80.00',
        pending: '0.00',
        spent: '300.00',
      });
      await expectProblem(
        await f.call('POST', `spends/${big.id}/rejection`, f.coordinator, { reason: 'late' }),
        409,
        'spend_not_pending',
      );
    });

    it('puts the money back when a held spend is rejected or withdrawn', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const ask = () =>
        f.ok(
          'POST',
          `budgets/${budget}/spends`,
          {
            provider: 'Gym',
            category: 'health',
            amount: '150.00',
            spentOn: '2026-05-01',
            description: 'Year pass',
          },
          { token: f.people.holder.token },
        );
      const a = await ask();
      await expectProblem(
        await f.call('POST', `spends/${a.id}/rejection`, f.coordinator, {}),
        422,
        'reason_required',
      );
      await f.ok(
        'POST',
        `spends/${a.id}/rejection`,
        { reason: 'Cheaper monthly option' },
        { status: 200 },
      );
      const b = await ask();
      await f.ok(
        'POST',
        `spends/${b.id}/withdrawal`,
        {},
        { token: f.people.holder.token, status: 200 },
      );
      expect(await f.money(budget)).toMatchObject({
        available: '380.00',
        pending: '0.00',
        spent: '0.00',
      });
    });
  });

  describe('individual budgets: joint and managed control', () => {
    it('lets a named co-holder approve, never spend, and stops them once removed', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { mode: 'joint', allocate: '400.00' });
      const supporter = f.people.supporter.token;
      await expectProblem(
        await f.call('POST', `budgets/${budget}/spends`, supporter, {
          provider: 'Shop',
          category: 'health',
          amount: '10.00',
          spentOn: '2026-05-01',
          description: 'x',
        }),
        403,
        'forbidden',
      );
      const held = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'College',
          category: 'purposeful-activity',
          amount: '200.00',
          spentOn: '2026-05-01',
          description: 'Course',
        },
        { token: f.people.holder.token },
      );
      await expectProblem(
        await f.call('POST', `spends/${held.id}/approval`, f.coordinator, {}),
        403,
        'forbidden',
      );
      expect(
        (await f.ok('POST', `spends/${held.id}/approval`, {}, { token: supporter, status: 200 }))
          .status,
      ).toBe('approved');
      // At the holder's request the coordinator removes the co-holder; it is logged with the reason.
      const after = await f.ok(
        'POST',
        `budgets/${budget}/parties/${f.people.supporter.id}/removal`,
        { reason: 'Holder asked: no longer wants joint control' },
        { key: false, status: 200 },
      );
      expect(after.coHolders[0]).toMatchObject({
        personId: f.people.supporter.id,
        removedReason: 'Holder asked: no longer wants joint control',
        removedAt: expect.any(String),
      });
      await expectProblem(
        await f.call('GET', `budgets/${budget}`, supporter, undefined, false),
        404,
        'budget_not_found',
      );
      const next = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'College',
          category: 'purposeful-activity',
          amount: '120.00',
          spentOn: '2026-05-02',
          description: 'Books',
        },
        { token: f.people.holder.token },
      );
      await expectProblem(
        await f.call('POST', `spends/${next.id}/approval`, supporter, {}),
        404,
        'spend_not_found',
      );
    });

    it('lets the broker of a managed budget spend, the holder see everything, and the coordinator approve above the limit', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { mode: 'managed', allocate: '400.00' });
      await expectProblem(
        await f.call('POST', `budgets/${budget}/spends`, f.people.holder.token, {
          provider: 'Shop',
          category: 'health',
          amount: '10.00',
          spentOn: '2026-05-01',
          description: 'x',
        }),
        403,
        'forbidden',
      );
      await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Bus Co',
          category: 'travel',
          amount: '40.00',
          spentOn: '2026-05-01',
          description: 'Monthly pass',
        },
        { token: f.people.broker.token },
      );
      const big = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Therapist',
          category: 'therapy',
          amount: '240.00',
          spentOn: '2026-05-03',
          description: 'Six sessions',
        },
        { token: f.people.broker.token },
      );
      await expectProblem(
        await f.call('POST', `spends/${big.id}/approval`, f.people.broker.token, {}),
        403,
        'forbidden',
      );
      await f.ok('POST', `spends/${big.id}/approval`, {}, { status: 200 });
      const seen = await f.ok('GET', `budgets/${budget}`, undefined, {
        token: f.people.holder.token,
        key: false,
      });
      expect(seen.recentSpends.map((s: any) => `${s.amount} ${s.status}`)).toEqual([
        '240.00 approved',
        '40.00 approved',
      ]);
      expect(seen).toMatchObject({
        spent: '280.00',
        available: '100.00',
        broker: f.people.broker.id,
      });
    });
  });

  describe('pools', () => {
    async function pooled(h: Harness, splitRule = 'pro_rata') {
      const f = await budgetsFixture(h);
      const a = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const b = await f.budget(f.people.other.id, { allocate: '400.00' });
      const c = await f.budget(f.people.supporter.id, { allocate: '400.00' });
      const pool = (
        await f.ok(
          'POST',
          'pools',
          { name: 'Allotment group', coordinatorPersonId: f.people.holder.id, splitRule },
          { key: false },
        )
      ).id;
      const members = [
        [a, f.people.holder.token, '100.00'],
        [b, f.people.other.token, '50.00'],
        [c, f.people.supporter.token, '50.00'],
      ] as const;
      for (const [budget, token, amount] of members) {
        await f.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token, key: false });
        await f.ok(
          'POST',
          `pools/${pool}/contributions`,
          { budgetId: budget, amount, contributedOn: '2026-05-01' },
          { token },
        );
      }
      return { f, pool, a, b, c };
    }

    it('charges a purchase pro rata to the penny, shares always summing to the pool balance', async () => {
      const { f, pool, a, b, c } = await pooled(await make());
      const bought = await f.ok(
        'POST',
        `pools/${pool}/purchases`,
        {
          provider: 'Garden Centre',
          category: 'community',
          amount: '99.99',
          boughtOn: '2026-05-10',
          description: 'Seeds and tools',
        },
        { token: f.people.holder.token },
      );
      // 9999 pence by 100:50:50 is 4999.5, 2499.75, 2499.75: floors 4999, 2499, 2499; the two
      // pennies left go to the largest remainders (.75, .75).
      expect(bought.charges).toEqual([
        { budgetId: a, amount: '49.99' },
        { budgetId: b, amount: '25.00' },
        { budgetId: c, amount: '25.00' },
      ]);
      const view = await f.ok('GET', `pools/${pool}`, undefined, {
        token: f.people.holder.token,
        key: false,
      });
      expect(view.balance).toBe('100.01');
      expect(view.members.map((m: any) => m.share)).toEqual(['50.01', '25.00', '25.00']);
      const p = await expectProblem(
        await f.call('POST', `pools/${pool}/purchases`, f.people.holder.token, {
          provider: 'Garden Centre',
          category: 'community',
          amount: '100.02',
          boughtOn: '2026-05-11',
          description: 'Shed',
        }),
        409,
        'shares_insufficient',
      );
      expect(p.poolBalance).toBe('100.01');
      await expectProblem(
        await f.call('POST', `pools/${pool}/purchases`, f.people.other.token, {
          provider: 'Garden Centre',
          category: 'community',
          amount: '1.00',
          boughtOn: '2026-05-11',
          description: 'x',
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.call('POST', `pools/${pool}/purchases`, f.people.holder.token, {
          provider: 'Bookies',
          category: 'gambling',
          amount: '1.00',
          boughtOn: '2026-05-11',
          description: 'x',
        }),
        422,
        'category_forbidden',
      );
    });

    it('shows each member the purchases and only their own share', async () => {
      const { f, pool, b } = await pooled(await make());
      await f.ok(
        'POST',
        `pools/${pool}/purchases`,
        {
          provider: 'Garden Centre',
          category: 'community',
          amount: '20.00',
          boughtOn: '2026-05-10',
          description: 'Seeds',
        },
        { token: f.people.holder.token },
      );
      const mine = await f.ok('GET', `pools/${pool}`, undefined, {
        token: f.people.other.token,
        key: false,
      });
      expect(mine.balance).toBeUndefined();
      expect(mine.members).toEqual([expect.objectContaining({ budgetId: b, share: '45.00' })]);
      expect(mine.purchases).toEqual([
        expect.objectContaining({ amount: '20.00', charges: [{ budgetId: b, amount: '5.00' }] }),
      ]);
      const outsider = await f.h.token('holder', { holder: 'per_nobody' });
      await expectProblem(
        await f.call('GET', `pools/${pool}`, outsider, undefined, false),
        404,
        'pool_not_found',
      );
    });

    it('splits equally by the pool’s rule, refusing what a small share cannot cover', async () => {
      const { f, pool } = await pooled(await make(), 'equal');
      const bought = await f.ok(
        'POST',
        `pools/${pool}/purchases`,
        {
          provider: 'Garden Centre',
          category: 'community',
          amount: '100.00',
          boughtOn: '2026-05-10',
          description: 'Tools',
        },
        { token: f.people.holder.token },
      );
      expect(bought.charges.map((c: any) => c.amount)).toEqual(['33.34', '33.33', '33.33']);
      await expectProblem(
        await f.call('POST', `pools/${pool}/purchases`, f.people.holder.token, {
          provider: 'Garden Centre',
          category: 'community',
          amount: '60.00',
          boughtOn: '2026-05-11',
          description: 'Shed',
        }),
        409,
        'shares_insufficient',
      );
    });

    it('gives a leaving member their remaining share back into their budget', async () => {
      const { f, pool, b } = await pooled(await make());
      await f.ok(
        'POST',
        `pools/${pool}/purchases`,
        {
          provider: 'Garden Centre',
          category: 'community',
          amount: '40.00',
          boughtOn: '2026-05-10',
          description: 'Seeds',
        },
        { token: f.people.holder.token },
      );
      const left = await f.ok(
        'POST',
        `pools/${pool}/leaving`,
        { budgetId: b, leftOn: '2026-05-20' },
        { token: f.people.other.token },
      );
      expect(left.returned).toBe('40.00');
      expect(await f.money(b)).toMatchObject({ available: '370.00', inPools: '10.00' });
      await expectProblem(
        await f.call('POST', `pools/${pool}/contributions`, f.people.other.token, {
          budgetId: b,
          amount: '1.00',
          contributedOn: '2026-05-21',
        }),
        409,
        'not_a_member',
      );
      const view = await f.ok('GET', `pools/${pool}`, undefined, { key: false });
      expect(view.balance).toBe('120.00');
    });
  });

  describe('period end', () => {
    it('returns unspent money to the stream, then takes no more spends', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { allocate: '100.00' });
      await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Bus Co',
          category: 'travel',
          amount: '15.00',
          spentOn: '2026-05-01',
          description: 'Fares',
        },
        { token: f.people.holder.token },
      );
      // A period is closed once it has ended: nothing is dated after today.
      f.h.setNow('2027-04-01T09:00:00.000Z');
      const closed = await f.ok('POST', `budgets/${budget}/closure`, { closedOn: '2027-03-31' });
      expect(closed).toMatchObject({ rule: 'return', unspent: '80.00', rolledInto: null });
      const streams = await f.ok('GET', 'streams', undefined, { key: false });
      expect(streams.items[0].available).toBe('19980.00');
      const before = await f.snapshot();
      await expectProblem(
        await f.call('POST', `budgets/${budget}/spends`, f.people.holder.token, {
          provider: 'Bus Co',
          category: 'travel',
          amount: '1.00',
          spentOn: '2027-03-31',
          description: 'x',
        }),
        409,
        'budget_closed',
      );
      await expectProblem(
        await f.call('POST', `budgets/${budget}/closure`, f.coordinator, {
          closedOn: '2027-03-31',
        }),
        409,
        'budget_closed',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('rolls unspent money into the next period where the stream says so, and waits for pending spends first', async () => {
      const f = await budgetsFixture(await make(), { periodEndRule: 'rollover' });
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const held = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'College',
          category: 'purposeful-activity',
          amount: '150.00',
          spentOn: '2026-06-01',
          description: 'Course',
        },
        { token: f.people.holder.token },
      );
      f.h.setNow('2027-04-01T09:00:00.000Z');
      await expectProblem(
        await f.call('POST', `budgets/${budget}/closure`, f.coordinator, {
          closedOn: '2027-03-31',
        }),
        409,
        'pending_spends',
      );
      await f.ok('POST', `spends/${held.id}/approval`, {}, { status: 200 });
      const closed = await f.ok('POST', `budgets/${budget}/closure`, { closedOn: '2027-03-31' });
      expect(closed).toMatchObject({ rule: 'rollover', unspent: '230.00' });
      const next = await f.ok('GET', `budgets/${closed.rolledInto}`, undefined, {
        token: f.people.holder.token,
        key: false,
      });
      expect(next).toMatchObject({
        periodStart: '2027-04-01',
        periodEnd: '2028-03-31',
        rolledFrom: budget,
        available: '230.00',
        allocated: '230.00',
        status: 'open',
      });
      expect(await f.money(budget)).toMatchObject({ available: '0.00', spent: '150.00' });
    });
  });

  describe('what holders see', () => {
    it('shows a holder their own budgets and never another holder’s', async () => {
      const f = await budgetsFixture(await make());
      const mine = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const theirs = await f.budget(f.people.other.id, { allocate: '200.00' });
      const me = await f.ok('GET', 'me/budgets', undefined, {
        token: f.people.holder.token,
        key: false,
      });
      expect(me.items.map((b: any) => b.id)).toEqual([mine]);
      expect(me.items[0]).toMatchObject({
        allocated: '380.00',
        spent: '0.00',
        pending: '0.00',
        available: '380.00',
        recentSpends: [],
        pools: [],
      });
      for (const path of [`budgets/${theirs}`])
        await expectProblem(
          await f.call('GET', path, f.people.holder.token, undefined, false),
          404,
          'budget_not_found',
        );
      await expectProblem(
        await f.call('POST', `budgets/${theirs}/spends`, f.people.holder.token, {
          provider: 'x',
          category: 'health',
          amount: '1.00',
          spentOn: '2026-05-01',
          description: 'x',
        }),
        404,
        'budget_not_found',
      );
      await expectProblem(
        await f.call('GET', 'budgets', f.people.holder.token, undefined, false),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.call('GET', `accounts/budget:${theirs}`, f.people.holder.token, undefined, false),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.call('GET', 'me/budgets', f.coordinator, undefined, false),
        403,
        'forbidden',
      );
    });

    it('shows a co-holder and a broker only the budgets they are named on; auditors read all and write nothing', async () => {
      const f = await budgetsFixture(await make());
      const joint = await f.budget(f.people.holder.id, { mode: 'joint', allocate: '100.00' });
      const managed = await f.budget(f.people.other.id, { mode: 'managed', allocate: '100.00' });
      await f.budget(f.people.other.id, { allocate: '100.00' });
      expect(
        (
          await f.ok('GET', 'me/budgets', undefined, {
            token: f.people.supporter.token,
            key: false,
          })
        ).items.map((b: any) => b.id),
      ).toEqual([joint]);
      expect(
        (
          await f.ok('GET', 'me/budgets', undefined, { token: f.people.broker.token, key: false })
        ).items.map((b: any) => b.id),
      ).toEqual([managed]);
      expect(
        (await f.ok('GET', 'budgets', undefined, { token: f.auditor, key: false })).items,
      ).toHaveLength(3);
      await expectProblem(
        await f.call('POST', `budgets/${joint}/allocations`, f.auditor, {
          amount: '1.00',
          allocatedOn: '2026-05-01',
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.call('POST', `budgets/${joint}/spends`, f.auditor, {
          provider: 'x',
          category: 'health',
          amount: '1.00',
          spentOn: '2026-05-01',
          description: 'x',
        }),
        403,
        'forbidden',
      );
      const elsewhere = await f.h.token('auditor', { alliance: f.h.otherAlliance });
      await expectProblem(
        await f.call('GET', `budgets/${joint}`, elsewhere, undefined, false),
        404,
        'budget_not_found',
      );
    });
  });
}
