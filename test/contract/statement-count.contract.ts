import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/context.js';
import type { Counter } from '../support/count-statements.js';
import { requestFor, things, type Operation, type Things } from './authz-matrix.contract.js';
import type { Harness } from './harness.js';

/** Roles tried in turn for each operation; the first that is allowed to read it is counted. */
const READERS: Role[] = ['coordinator', 'auditor', 'panel', 'holder', 'broker'];
/** Above this, a request is not bounded whatever the data (D1 allows 1,000 per invocation). */
const LIMIT = 50;

/**
 * More of everything a list or report reads: `n` applications (half awarded, half of those paid,
 * one in four declined), a budget with an allocation and a spend for every five, and the money
 * that pays for them.
 */
export async function grow(t: Things, n: number): Promise<void> {
  const { s, b } = t.world;
  await s.ok('POST', 'receipts', {
    funder: 'Community Foundation',
    amount: `${n * 50}.00`,
    receivedOn: '2026-04-03',
  });
  for (let i = 0; i < n; i++) {
    const application = await t.world.application();
    if (i % 4 === 3) {
      await s.decide(application, t.world.sitting, { outcome: 'decline', reason: 'Not now' });
      continue;
    }
    if (i % 2 === 1) continue;
    const res = await s.decide(application, t.world.sitting, {
      outcome: 'award',
      amount: '40.00',
      purpose: 'Bus pass',
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const award = ((await res.json()) as { award: { id: string } }).award.id;
    if (i % 4 === 0)
      await s.ok('POST', `awards/${award}/disbursements`, {
        method: 'cash',
        amount: '40.00',
        paidOn: '2026-05-03',
      });
    if (i % 5 === 0) {
      const budget = await b.budget(b.people.holder.id, { allocate: '100.00' });
      await b.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Gym',
          category: 'health',
          amount: '20.00',
          spentOn: '2026-05-05',
          description: 'Swim',
        },
        { token: b.people.holder.token },
      );
    }
  }
}

/**
 * Every GET operation in /openapi.json sends the same number of SQL statements, fewer than
 * LIMIT, whether the alliance has a few dozen applications or ten times as many: nothing is
 * read one row at a time. The driver itself is wrapped, so every statement is seen. (At 500
 * applications there are 100 budgets, 250 awards and well over 1,000 postings.)
 */
export function statementCountContract(
  make: () => Promise<{ h: Harness; counter: Counter }>,
  sizes: { small: number; large: number } = { small: 50, large: 500 },
) {
  describe('statements per request', () => {
    it('are the same, and few, for every GET operation at two sizes of data', async () => {
      const { h, counter } = await make();
      const doc = (await (await h.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const gets = Object.entries(doc.paths).flatMap(([template, item]) =>
        item.get ? [{ template, op: item.get }] : [],
      );
      const t = await things(h);
      const unread: string[] = [];
      const measure = async () => {
        const counts: Record<string, number> = {};
        for (const { template, op } of gets) {
          const request = await requestFor('get', template, op, t);
          let last = '';
          for (const role of READERS) {
            const before = counter.count;
            const res = await h.request(request.path, { token: t.tokens[role] });
            const sent = counter.count - before;
            const text = /json|text/.test(res.headers.get('content-type') ?? '')
              ? await res.text()
              : String((await res.arrayBuffer()).byteLength);
            if (res.status !== 403 || !last) last = `${res.status} ${text.slice(0, 300)}`;
            if (res.status === 200) {
              counts[template] = sent;
              break;
            }
          }
          if (counts[template] === undefined) unread.push(`${template}: ${last}`);
        }
        return counts;
      };
      await grow(t, sizes.small);
      const small = await measure();
      await grow(t, sizes.large - sizes.small);
      const large = await measure();
      expect(unread, 'every GET operation is read by some role').toEqual([]);
      const growing = Object.keys(small).filter((k) => small[k] !== large[k]);
      const many = Object.keys(large).filter((k) => (large[k] ?? 0) >= LIMIT);
      expect(
        { growing: growing.map((k) => `${k}: ${small[k]} → ${large[k]}`), many },
        JSON.stringify(large, null, 1),
      ).toEqual({ growing: [], many: [] });
      // Filling the database is most of the time, and this machine is shared.
    }, 400_000);
  });
}
