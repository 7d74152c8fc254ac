import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { body, ledgerFixture, newKey, type LedgerFixture } from './helpers.js';

// Random sequences of valid and invalid operations against the real app. After every step:
// each entry sums to zero, the balances sum to zero, each stored balance equals the sum of its
// postings and equals our model of it, a refused request left no trace, and verify passes.

type Op =
  | { kind: 'post'; lines: { account: number; pence: number }[]; balancing: number; date: number }
  | { kind: 'unbalanced'; lines: { account: number; pence: number }[] }
  | { kind: 'bad_amount'; text: string }
  | { kind: 'unknown_account' }
  | { kind: 'reverse'; pick: number }
  | { kind: 'replay'; pick: number }
  | { kind: 'reuse_key'; pick: number };

const ACCOUNTS = 5;
const line = fc.record({
  account: fc.nat(ACCOUNTS - 1),
  pence: fc.integer({ min: -50_000, max: 50_000 }).filter((n) => n !== 0),
});
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('post' as const),
      lines: fc.array(line, { minLength: 1, maxLength: 4 }),
      balancing: fc.nat(ACCOUNTS - 1),
      // 2026-04-01 to 2026-05-28, before the harness's today (2026-06-01): entries land in the
      // middle of earlier ones, so back-dating is exercised on every run.
      date: fc.nat(59),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unbalanced' as const),
      lines: fc.array(line, { minLength: 2, maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bad_amount' as const),
      text: fc.constantFrom('1e3', '12.345', '-0', 'NaN', '1.2.3', '99999999999999.00', '', '٣.00'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'unknown_account' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reuse_key' as const), pick: fc.nat() }) },
);

const pounds = (pence: number) =>
  `${pence < 0 ? '-' : ''}${Math.floor(Math.abs(pence) / 100)}.${String(Math.abs(pence) % 100).padStart(2, '0')}`;
const pence = (text: string) => {
  const negative = text.startsWith('-');
  const [whole, fraction = '0'] = text.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -value : value;
};

interface Posted {
  id: string;
  key: string;
  json: unknown;
  response: unknown;
  postings: { account: string; pence: number }[];
  reversed: boolean;
  isReversal: boolean;
}

async function run(f: LedgerFixture, ops: Op[]) {
  const { h, coordinator } = f;
  // Two accounts that may go negative and three that may not, with their normal sides.
  const codes = [f.bank, f.fund, f.income, f.expense, `alliance:${h.alliance}:liability:held`];
  await f.open(codes[4]!, 'liability', true);
  const rules = [
    { side: 1, noOverdraft: true }, // bank: asset, debit-normal
    { side: -1, noOverdraft: true }, // fund: credit-normal
    { side: -1, noOverdraft: false }, // income may go negative
    { side: 1, noOverdraft: true }, // expense
    { side: -1, noOverdraft: false }, // liability may go negative
  ];
  const model = new Map(codes.map((c) => [c, 0]));
  // Every posting with its date: a no-overdraft account keeps its rule at every date.
  const history: { account: string; date: string; pence: number }[] = [];
  const TODAY = '2026-06-01';
  const posted: Posted[] = [];

  const send = (json: unknown, key = newKey()) =>
    h.request('/v1/entries', { method: 'POST', token: coordinator, key, json });
  const entryJson = (postings: { account: string; amount: string }[], date = '2026-05-01') => ({
    effectiveDate: date,
    description: 'Property step',
    reasonCode: 'manual_adjustment',
    postings,
  });
  const wouldBreak = (postings: { account: string; pence: number }[], date = TODAY) => {
    const after = [...history, ...postings.map((p) => ({ ...p, date }))];
    return codes.some((c, i) => {
      if (!rules[i]!.noOverdraft) return false;
      const dates = new Set([date, ...after.filter((p) => p.account === c).map((p) => p.date)]);
      return [...dates]
        .filter((d) => d >= date)
        .some(
          (d) =>
            after.filter((p) => p.account === c && p.date <= d).reduce((a, p) => a + p.pence, 0) *
              rules[i]!.side <
            0,
        );
    });
  };
  const apply = (postings: { account: string; pence: number }[], date = TODAY) => {
    for (const p of postings) model.set(p.account, model.get(p.account)! + p.pence);
    history.push(...postings.map((p) => ({ ...p, date })));
  };

  for (const step of ops) {
    const before = await f.snapshot();
    let refused = false;
    switch (step.kind) {
      case 'post': {
        const postings = step.lines.map((l) => ({ account: codes[l.account]!, pence: l.pence }));
        const total = postings.reduce((a, p) => a + p.pence, 0);
        if (total !== 0) postings.push({ account: codes[step.balancing]!, pence: -total });
        if (postings.length < 2 || postings.length > 50) continue;
        const date = `2026-0${4 + Math.floor(step.date / 30)}-${String((step.date % 28) + 1).padStart(2, '0')}`;
        const json = entryJson(
          postings.map((p) => ({ account: p.account, amount: pounds(p.pence) })),
          date,
        );
        const key = newKey();
        const res = await send(json, key);
        const expectRefusal = wouldBreak(postings, date);
        const text = await res.text();
        expect(res.status, text).toBe(expectRefusal ? 409 : 201);
        if (res.status === 201) {
          const response = JSON.parse(text);
          apply(postings, date);
          posted.push({
            id: response.id,
            key,
            json,
            response,
            postings,
            reversed: false,
            isReversal: false,
          });
        } else refused = true;
        break;
      }
      case 'unbalanced': {
        const postings = step.lines.map((l) => ({
          account: codes[l.account]!,
          amount: pounds(l.pence),
        }));
        const total = step.lines.reduce((a, l) => a + l.pence, 0);
        if (total === 0) continue;
        expect((await send(entryJson(postings))).status).toBe(422);
        refused = true;
        break;
      }
      case 'bad_amount': {
        expect(
          (
            await send(
              entryJson([
                { account: codes[0]!, amount: step.text },
                { account: codes[2]!, amount: '-1.00' },
              ]),
            )
          ).status,
        ).toBe(422);
        refused = true;
        break;
      }
      case 'unknown_account': {
        expect(
          (
            await send(
              entryJson([
                { account: codes[0]!, amount: '1.00' },
                { account: `alliance:${h.alliance}:ghost`, amount: '-1.00' },
              ]),
            )
          ).status,
        ).toBe(422);
        refused = true;
        break;
      }
      case 'reverse': {
        const target = posted[step.pick % Math.max(posted.length, 1)];
        if (!target) continue;
        const mirror = target.postings.map((p) => ({ account: p.account, pence: -p.pence }));
        const res = await h.request(`/v1/entries/${target.id}/reversal`, {
          method: 'POST',
          token: coordinator,
          key: newKey(),
          json: { reason: 'property' },
        });
        const expected = target.isReversal || target.reversed || wouldBreak(mirror) ? 409 : 201;
        expect(res.status, await res.clone().text()).toBe(expected);
        if (res.status === 201) {
          const response = await body(res);
          apply(mirror);
          target.reversed = true;
          posted.push({
            id: response.id,
            key: '',
            json: null,
            response,
            postings: mirror,
            reversed: false,
            isReversal: true,
          });
        } else refused = true;
        break;
      }
      case 'replay': {
        const target = posted.filter((p) => !p.isReversal)[step.pick % Math.max(posted.length, 1)];
        if (!target) continue;
        const res = await send(target.json, target.key);
        expect(res.status).toBe(201);
        expect(await body(res)).toEqual(target.response);
        refused = true; // a replay must change nothing either
        break;
      }
      case 'reuse_key': {
        const target = posted.filter((p) => !p.isReversal)[step.pick % Math.max(posted.length, 1)];
        if (!target) continue;
        const res = await send(
          entryJson([
            { account: codes[2]!, amount: '1.00' },
            { account: codes[4]!, amount: '-1.00' },
          ]),
          target.key,
        );
        expect(res.status).toBe(409);
        refused = true;
        break;
      }
    }

    const after = await f.snapshot();
    if (refused) expect(after).toEqual(before);
    // The model and the books agree, account by account.
    for (const code of codes) {
      const account = await body(await h.request(`/v1/accounts/${code}`, { token: coordinator }));
      expect(pence(account.balance), code).toBe(model.get(code));
    }
    const tb = await body(await h.request('/v1/ledger/trial-balance', { token: coordinator }));
    expect(tb.totalDebits).toBe(tb.totalCredits);
    expect([...model.values()].reduce((a, b) => a + b, 0)).toBe(0);
    const verify = await body(await h.request('/v1/ledger/verify', { token: coordinator }));
    expect(verify).toMatchObject({ ok: true, firstBrokenLink: null, balanceMismatches: [] });
  }
  // Every entry we posted sums to zero as stored.
  for (const p of posted) {
    const entry = await body(await h.request(`/v1/entries/${p.id}`, { token: coordinator }));
    expect(
      entry.postings.reduce((a: number, x: { amount: string }) => a + pence(x.amount), 0),
    ).toBe(0);
  }
}

export function ledgerProperties(
  make: () => Promise<Harness>,
  options: { numRuns: number; maxOps: number },
) {
  describe('ledger invariants under random operations', () => {
    it('keeps every invariant after every step', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: options.maxOps }), async (ops) => {
          await run(await ledgerFixture(await make()), ops);
        }),
        { numRuns: options.numRuns, seed: 20261123, endOnFailure: true },
      );
    });
  });
}
