import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { budgetsFixture } from './budgets-helpers.js';

// Random allocations, spends (some above the approval limit), approvals, rejections, withdrawals,
// pool contributions, purchases and leavings. After every step: every budget, hold and pool share
// is ≥ 0 and equals the model; pool shares add up exactly to the pool's balance in the ledger;
// the trial balance balances and verify passes.

type Op =
  | { kind: 'allocate'; who: number; pence: number }
  | { kind: 'spend'; who: number; pence: number }
  | { kind: 'settle'; pick: number; how: 'approval' | 'rejection' | 'withdrawal' }
  | { kind: 'contribute'; who: number; pence: number }
  | { kind: 'purchase'; pence: number }
  | { kind: 'leave'; who: number };

const who = fc.nat(2);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('allocate' as const),
      who,
      pence: fc.integer({ min: 1, max: 30_000 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('spend' as const),
      who,
      pence: fc.integer({ min: 1, max: 25_000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('settle' as const),
      pick: fc.nat(),
      how: fc.constantFrom('approval' as const, 'rejection' as const, 'withdrawal' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('contribute' as const),
      who,
      pence: fc.integer({ min: 1, max: 15_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('purchase' as const),
      pence: fc.integer({ min: 1, max: 20_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), who }) },
);

const pounds = (p: number) => `${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`;
const pence = (text: string) => {
  const [whole, fraction = '0'] = text.replace('-', '').split('.');
  return (text.startsWith('-') ? -1 : 1) * (Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
};

async function run(h: Harness, ops: Op[]) {
  const f = await budgetsFixture(h, { topSlicePercent: '2.5', approvalLimit: '100.00' });
  const holders = [f.people.holder, f.people.other, f.people.supporter];
  const budgets: string[] = [];
  for (const p of holders) budgets.push(await f.budget(p.id));
  const pool = (
    await f.ok(
      'POST',
      'pools',
      { name: 'Pool', coordinatorPersonId: f.people.holder.id, splitRule: 'pro_rata' },
      { key: false },
    )
  ).id;
  for (const [i, b] of budgets.entries())
    await f.ok(
      'POST',
      `pools/${pool}/members`,
      { budgetId: b },
      { token: holders[i]!.token, key: false },
    );
  const model = {
    available: [0, 0, 0],
    pending: [0, 0, 0],
    share: [0, 0, 0],
    member: [true, true, true],
  };
  const pendingSpends: { id: string; who: number; pence: number }[] = [];
  let day = 0;
  const date = () =>
    `2026-${String(4 + Math.floor(day / 28)).padStart(2, '0')}-${String((day % 28) + 1).padStart(2, '0')}`;

  for (const step of ops) {
    day = Math.min(day + 1, 27 * 10);
    switch (step.kind) {
      case 'allocate': {
        const r = await f.ok('POST', `budgets/${budgets[step.who]}/allocations`, {
          amount: pounds(step.pence),
          allocatedOn: date(),
        });
        model.available[step.who]! += pence(r.net);
        expect(pence(r.net) + pence(r.topSlice)).toBe(step.pence);
        break;
      }
      case 'spend': {
        const res = await f.call(
          'POST',
          `budgets/${budgets[step.who]}/spends`,
          holders[step.who]!.token,
          {
            provider: 'P',
            category: 'health',
            amount: pounds(step.pence),
            spentOn: date(),
            description: 'x',
          },
        );
        const text = await res.text();
        if (step.pence > model.available[step.who]!) {
          expect(res.status, text).toBe(409);
          break;
        }
        expect(res.status, text).toBe(201);
        const spend = JSON.parse(text);
        model.available[step.who]! -= step.pence;
        if (step.pence > 10_000) {
          expect(spend.status).toBe('pending');
          model.pending[step.who]! += step.pence;
          pendingSpends.push({ id: spend.id, who: step.who, pence: step.pence });
        } else expect(spend.status).toBe('approved');
        break;
      }
      case 'settle': {
        const target = pendingSpends.splice(step.pick % Math.max(pendingSpends.length, 1), 1)[0];
        if (!target) break;
        const token = step.how === 'withdrawal' ? holders[target.who]!.token : f.coordinator;
        await f.ok(
          'POST',
          `spends/${target.id}/${step.how}`,
          step.how === 'rejection' ? { reason: 'no' } : {},
          { token, status: 200 },
        );
        model.pending[target.who]! -= target.pence;
        if (step.how !== 'approval') model.available[target.who]! += target.pence;
        break;
      }
      case 'contribute': {
        const res = await f.call('POST', `pools/${pool}/contributions`, holders[step.who]!.token, {
          budgetId: budgets[step.who],
          amount: pounds(step.pence),
          contributedOn: date(),
        });
        const expected = !model.member[step.who]
          ? 409
          : step.pence > model.available[step.who]!
            ? 409
            : 201;
        expect(res.status, await res.clone().text()).toBe(expected);
        if (expected === 201) {
          model.available[step.who]! -= step.pence;
          model.share[step.who]! += step.pence;
        }
        break;
      }
      case 'purchase': {
        const total = model.share.reduce((a, b) => a + b, 0);
        const res = await f.call('POST', `pools/${pool}/purchases`, f.people.holder.token, {
          provider: 'Shop',
          category: 'community',
          amount: pounds(step.pence),
          boughtOn: date(),
          description: 'x',
        });
        const text = await res.text();
        expect(res.status, text).toBe(step.pence > total ? 409 : 201);
        if (res.status === 201) {
          const charges = JSON.parse(text).charges as { budgetId: string; amount: string }[];
          expect(charges.reduce((a, c) => a + pence(c.amount), 0)).toBe(step.pence);
          for (const c of charges) model.share[budgets.indexOf(c.budgetId)]! -= pence(c.amount);
        }
        break;
      }
      case 'leave': {
        const res = await f.call('POST', `pools/${pool}/leaving`, holders[step.who]!.token, {
          budgetId: budgets[step.who],
          leftOn: date(),
        });
        expect(res.status).toBe(model.member[step.who] ? 201 : 409);
        if (res.status === 201) {
          model.available[step.who]! += model.share[step.who]!;
          model.share[step.who] = 0;
          model.member[step.who] = false;
        }
        break;
      }
    }

    // Invariants, read back from the service and the ledger.
    for (const [i, b] of budgets.entries()) {
      const m = await f.money(b);
      expect(pence(m.available!), `budget ${i} available`).toBe(model.available[i]);
      expect(pence(m.pending!), `budget ${i} pending`).toBe(model.pending[i]);
      expect(model.available[i]).toBeGreaterThanOrEqual(0);
    }
    const view = await f.ok('GET', `pools/${pool}`, undefined, { key: false });
    const shares = view.members.map((m: { share: string }) => pence(m.share));
    expect(shares).toEqual(model.share);
    for (const s of shares) expect(s).toBeGreaterThanOrEqual(0);
    const accounts = await f.ok('GET', `accounts?prefix=pool:${pool}:&limit=50`, undefined, {
      key: false,
    });
    const ledgerBalance = accounts.items.reduce(
      (a: number, x: { normalBalance: string }) => a + pence(x.normalBalance),
      0,
    );
    expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(ledgerBalance);
    expect(pence(view.balance)).toBe(ledgerBalance);
    const tb = await f.ok('GET', 'ledger/trial-balance', undefined, { key: false });
    expect(tb.totalDebits).toBe(tb.totalCredits);
  }
  expect((await f.ok('GET', 'ledger/verify', undefined, { key: false })).ok).toBe(true);
}

export function budgetProperties(
  make: () => Promise<Harness>,
  options: { numRuns: number; maxOps: number },
) {
  describe('budget and pool invariants under random operations', () => {
    it('keeps every budget, hold and share ≥ 0, shares summing to the pool balance, after every step', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: options.maxOps }), async (ops) => {
          await run(await make(), ops);
        }),
        { numRuns: options.numRuns, seed: 20261123, endOnFailure: true },
      );
    });
  });
}
