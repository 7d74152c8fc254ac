import { describe, expect, it } from 'vitest';
import type { Spend } from '../../src/core/budgets/model.js';
import { commitEntry } from '../../src/core/ledger/ledger.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { pdfLines } from '../support/pdf-lines.js';
import { budgetsFixture, type BudgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { expectProblem, newKey } from './helpers.js';

/**
 * A stream that keeps £100.00 of each budget for core support (health, or the provider Recovery
 * Hub), with no top-slice so the figures read plainly, and a budget of £150.00.
 */
async function reserveFixture(h: Harness, stream: Record<string, unknown> = {}) {
  const f = await budgetsFixture(h, {
    topSlicePercent: '0',
    reserve: '100.00',
    coreCategories: ['health'],
    coreProviders: ['Recovery Hub'],
    ...stream,
  });
  const budget = await f.budget(f.people.holder.id, { allocate: '150.00' });
  return { f, budget };
}

const spend = (amount: string, category: string, provider = 'Bus Co') => ({
  provider,
  category,
  amount,
  spentOn: '2026-05-01',
  description: 'Something',
});

function spendAs(f: BudgetsFixture, budget: string, json: unknown) {
  return f.call('POST', `budgets/${budget}/spends`, f.people.holder.token, json);
}

export function reserveContract(make: () => Promise<Harness>) {
  describe('a guaranteed minimum for core support', () => {
    it('shows the reserve on the stream and the budget, with what is free for anything', async () => {
      const { f, budget } = await reserveFixture(await make());
      const streams = await f.ok('GET', 'streams', undefined, { key: false });
      expect(streams.items[0].reserve).toEqual({
        amount: '100.00',
        coreCategories: ['health'],
        coreProviders: ['Recovery Hub'],
        releasedAt: 'period_end',
      });
      const mine = await f.ok('GET', `budgets/${budget}`, undefined, {
        token: f.people.holder.token,
        key: false,
      });
      expect(mine.reserve).toEqual({
        amount: '100.00',
        coreCategories: ['health'],
        coreProviders: ['Recovery Hub'],
        protected: '100.00',
        availableForAnything: '50.00',
        releasedOn: '2027-03-31',
      });
      const listed = await f.ok('GET', 'budgets', undefined, { key: false });
      expect(listed.items[0].reserve.availableForAnything).toBe('50.00');
    });

    it('prints the reserve on the budget statement', async () => {
      const { f, budget } = await reserveFixture(await make());
      const res = await f.call('GET', `budgets/${budget}/statement.pdf`, f.people.holder.token);
      expect(res.status).toBe(200);
      const lines = (await pdfLines(new Uint8Array(await res.arrayBuffer())))
        .flat()
        .map((cells) => cells.join(' '));
      expect(lines).toContain('Guaranteed minimum for core support 100.00');
      expect(lines).toContain('Kept for Physical and mental health, Recovery Hub');
      expect(lines).toContain('Released after 31 March 2027');
    });

    it('tells the holder on /my what is kept for core support and what is free', async () => {
      const { f, budget } = await reserveFixture(await make());
      expect((await spendAs(f, budget, spend('80.00', 'health'))).status).toBe(201);
      // The web pages need a session: sign in through the form (the cookie is never the token).
      const signedIn = await f.h.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: f.people.holder.token }).toString(),
      });
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const res = await f.h.request('/my', { headers: { cookie } });
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(200);
      expect(text).toContain(
        '£70.00 of this is kept for your core support (physical and mental health, Recovery Hub) until 31 March 2027. £0.00 can be spent on anything else.',
      );
    });

    it('refuses other spending that would reach into the reserve, with its own code, writing nothing', async () => {
      const { f, budget } = await reserveFixture(await make());
      expect((await spendAs(f, budget, spend('30.00', 'travel'))).status).toBe(201);
      const before = await f.snapshot();
      const p = await expectProblem(
        await spendAs(f, budget, spend('20.01', 'travel')),
        409,
        'reserve_protected',
      );
      expect(p).toMatchObject({ reserve: '100.00', free: '20.00' });
      expect(p.detail).toContain('£100.00'.slice(1));
      // Above the approval limit the money would be held, and the hold is refused too.
      await expectProblem(
        await spendAs(f, budget, spend('120.00', 'travel')),
        409,
        'reserve_protected',
      );
      expect(await f.snapshot()).toEqual(before);
      expect((await spendAs(f, budget, spend('20.00', 'travel'))).status).toBe(201);
      expect(await f.money(budget)).toMatchObject({ available: '100.00', spent: '50.00' });
    });

    it('lets core spending, by category or by provider, use the reserve down to nothing', async () => {
      const { f, budget } = await reserveFixture(await make());
      expect((await spendAs(f, budget, spend('90.00', 'health'))).status).toBe(201);
      expect((await spendAs(f, budget, spend('60.00', 'travel', 'Recovery Hub'))).status).toBe(201);
      expect(await f.money(budget)).toMatchObject({ available: '0.00', spent: '150.00' });
      // With nothing left, an overspend is still "not enough", not a reserve refusal.
      await expectProblem(
        await spendAs(f, budget, spend('0.01', 'travel')),
        409,
        'insufficient_budget',
      );
    });

    it('keeps pool contributions out of the reserve', async () => {
      const { f, budget } = await reserveFixture(await make());
      const pool = await f.ok(
        'POST',
        'pools',
        { name: 'Allotment', coordinatorPersonId: f.people.holder.id, splitRule: 'pro_rata' },
        { key: false },
      );
      await f.ok(
        'POST',
        `pools/${pool.id}/members`,
        { budgetId: budget },
        { token: f.people.holder.token, key: false },
      );
      const contribute = (amount: string) =>
        f.call('POST', `pools/${pool.id}/contributions`, f.people.holder.token, {
          budgetId: budget,
          amount,
          contributedOn: '2026-05-02',
        });
      await expectProblem(await contribute('50.01'), 409, 'reserve_protected');
      const ok = await contribute('50.00');
      expect(ok.status, await ok.clone().text()).toBe(201);
      expect(await f.money(budget)).toMatchObject({ available: '100.00', inPools: '50.00' });
    });

    it('refuses a non-core spend in the database even when the use case is bypassed', async () => {
      const { f, budget } = await reserveFixture(await make());
      const before = await f.snapshot();
      const write = (category: string, amountMinor: number) => {
        const s: Spend = {
          id: `spd_raw_${category}_${amountMinor}`,
          budgetId: budget,
          allianceId: f.h.alliance,
          provider: 'Bus Co',
          category,
          amountMinor,
          spentOn: '2026-05-01',
          description: 'raw',
          status: 'approved',
          needsApproval: false,
          requestedBy: 'tok_raw',
          decidedBy: null,
          decidedAt: null,
          decisionReason: null,
          createdAt: '2026-05-01T10:00:00.000Z',
        };
        let n = 0;
        return commitEntry(
          {
            store: f.h.store,
            hasher: sha256Hex,
            ids: (p) => `${p}_raw_${category}_${amountMinor}_${++n}`,
          },
          {
            actor: { tokenId: 'tok_raw', role: 'holder', allianceId: f.h.alliance, holderId: null },
            now: new Date('2026-05-01T10:00:00.000Z'),
            requestId: 'req_raw',
          },
          {
            allianceId: f.h.alliance,
            effectiveDate: '2026-05-01',
            description: 'raw spend',
            reasonCode: 'spend',
            reversesEntryId: null,
            postings: [
              { accountCode: `budget:${budget}`, amountMinor },
              { accountCode: `alliance:${f.h.alliance}:bank`, amountMinor: -amountMinor },
            ],
          },
          () => [{ kind: 'spend', spend: s }],
        );
      };
      await expect(write('travel', 5001)).rejects.toMatchObject({ reason: 'reserve_protected' });
      expect(await f.snapshot()).toEqual(before);
      await write('health', 10000);
      await write('health', 5000);
      expect(await f.money(budget)).toMatchObject({ available: '0.00' });
    });

    it('settles a race between a core and a non-core spend so the reserve holds either way', async () => {
      for (let round = 0; round < 3; round++) {
        const { f, budget } = await reserveFixture(await make());
        const twin = f.h.twin();
        const post = (via: Harness['request'], json: unknown) =>
          via(`/v1/budgets/${budget}/spends`, {
            method: 'POST',
            token: f.people.holder.token,
            key: newKey(),
            json,
          });
        // Each alone is allowed: the core spend takes £100.00, the other £50.00 of the free £50.00.
        const [core, other] = await Promise.all([
          post(f.h.request, spend('100.00', 'health')),
          post(twin, spend('50.00', 'travel')),
        ]);
        expect(core.status).toBe(201);
        const money = await f.money(budget);
        if (other.status === 201) {
          // The other spend went first and left exactly the reserve, which the core spend used.
          expect(money).toMatchObject({ available: '0.00', spent: '150.00' });
        } else {
          const p = await expectProblem(other, 409, 'reserve_protected');
          expect(p.code).toBe('reserve_protected');
          expect(money).toMatchObject({ available: '50.00', spent: '100.00' });
        }
        expect((await f.ok('GET', 'ledger/verify', undefined, { key: false })).ok).toBe(true);
      }
    });

    it('releases the reserve at period end by the stream’s rule', async () => {
      const { f, budget } = await reserveFixture(await make(), { periodEndRule: 'rollover' });
      // A period is closed once it has ended: nothing is dated after today.
      f.h.setNow('2027-04-01T09:00:00.000Z');
      const closed = await f.ok('POST', `budgets/${budget}/closure`, { closedOn: '2027-03-31' });
      expect(closed).toMatchObject({ unspent: '150.00', rule: 'rollover' });
      const old = await f.ok('GET', `budgets/${budget}`, undefined, { key: false });
      expect(old.reserve).toMatchObject({ protected: '0.00', availableForAnything: '0.00' });
      const next = await f.ok('GET', `budgets/${closed.rolledInto}`, undefined, { key: false });
      expect(next.reserve).toMatchObject({
        protected: '100.00',
        availableForAnything: '50.00',
        releasedOn: '2028-03-31',
      });
    });

    it('refuses a reserve that names nothing core, or a core category the stream cannot pay for', async () => {
      const f = await budgetsFixture(await make());
      const base = { name: 'Housing', approvalLimit: '100.00', periodEndRule: 'return' };
      await expectProblem(
        await f.call('POST', 'streams', f.coordinator, { ...base, reserve: '50.00' }, false),
        422,
        'reserve_without_core',
      );
      await expectProblem(
        await f.call(
          'POST',
          'streams',
          f.coordinator,
          {
            ...base,
            reserve: '50.00',
            forbiddenCategories: ['housing'],
            coreCategories: ['housing'],
          },
          false,
        ),
        422,
        'contradictory_rules',
      );
    });
  });
}
