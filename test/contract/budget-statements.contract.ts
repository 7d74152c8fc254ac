import { describe, expect, it } from 'vitest';
import { pdfLines } from '../support/pdf-lines.js';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';

const text = async (res: Response) => {
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, lines: (await pdfLines(bytes)).flat().map((cells) => cells.join(' ')) };
};

/** A holder's year: an allocation, spends (one still waiting at the year end), a pool. */
async function holderYear(h: Harness) {
  h.setNow('2027-05-01T09:00:00.000Z');
  const f = await budgetsFixture(h);
  const named = await f.ok(
    'POST',
    'people',
    { kind: 'holder', name: 'Perpetua Thistlewood' },
    { key: false },
  );
  const token = await h.token('holder', { holder: named.id });
  const budget = await f.budget(named.id, { allocate: '400.00' }); // 380.00 after 5%
  const other = await f.budget(f.people.other.id, { allocate: '200.00' }); // 190.00
  await f.ok(
    'POST',
    `budgets/${budget}/spends`,
    {
      provider: 'Bus Co',
      category: 'travel',
      amount: '45.00',
      spentOn: '2026-05-01',
      description: 'Monthly pass',
    },
    { token },
  );
  const waiting = await f.ok(
    'POST',
    `budgets/${budget}/spends`,
    {
      provider: 'College',
      category: 'purposeful-activity',
      amount: '150.00',
      spentOn: '2027-03-01',
      description: 'Course fees',
    },
    { token },
  );
  const pool = (
    await f.ok(
      'POST',
      'pools',
      { name: 'Allotment', coordinatorPersonId: named.id, splitRule: 'pro_rata' },
      { key: false },
    )
  ).id;
  await f.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token, key: false });
  await f.ok(
    'POST',
    `pools/${pool}/members`,
    { budgetId: other },
    { token: f.people.other.token, key: false },
  );
  await f.ok(
    'POST',
    `pools/${pool}/contributions`,
    { budgetId: budget, amount: '60.00', contributedOn: '2026-06-01' },
    { token },
  );
  await f.ok(
    'POST',
    `pools/${pool}/contributions`,
    { budgetId: other, amount: '30.00', contributedOn: '2026-06-01' },
    { token: f.people.other.token },
  );
  await f.ok(
    'POST',
    `pools/${pool}/purchases`,
    {
      provider: 'Garden Centre',
      category: 'community',
      amount: '45.00',
      boughtOn: '2026-06-10',
      description: 'Seeds',
    },
    { token },
  );
  await f.ok(
    'POST',
    `pools/${pool}/leaving`,
    { budgetId: other, leftOn: '2026-07-01' },
    { token: f.people.other.token },
  );
  return { f, named, token, budget, other, pool, waiting };
}

export function budgetStatementsContract(make: () => Promise<Harness>) {
  describe('budget and pool statements', () => {
    it('shows a holder every movement of their budget, what waits for approval, and the figures of the ledger', async () => {
      const { f, named, token, budget, waiting } = await holderYear(await make());
      const money = await f.money(budget, token);
      // 380.00 allocated; 45.00 spent; 150.00 held; 60.00 into the pool: 125.00 available.
      expect(money).toMatchObject({ available: '125.00', pending: '150.00' });
      const own = await text(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          token,
          undefined,
          false,
        ),
      );
      const all = own.lines.join('\n');
      expect(all).toContain('Perpetua Thistlewood');
      expect(all).toMatch(/Available at the start of the period\s+0\.00/);
      expect(all).toMatch(/Available on 31 March 2027\s+125\.00/);
      expect(all).toContain('Allocation from Treatment less 5%');
      // The top-slice on its own line: 400.00 from the stream, 20.00 kept, 380.00 in.
      expect(all).toMatch(/2026-04-02 \d+ 400\.00 20\.00 380\.00/);
      // The waiting spend by its provider and its category in words, not by its id.
      expect(all).not.toContain(waiting.id);
      expect(all).toMatch(/2027-03-01 College Purposeful activity: education, training, 150\.00/);
      expect(all).toMatch(/Money held for spends waiting for approval\s+150\.00/);
      expect(all).toContain(named.reference);

      // The auditor's copy carries the reference, never the name; the same bytes every time.
      const audit = await text(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          f.auditor,
          undefined,
          false,
        ),
      );
      expect(audit.lines.join('\n')).not.toContain('Thistlewood');
      expect(audit.lines.join('\n')).toContain(named.reference);
      const again = await text(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          f.auditor,
          undefined,
          false,
        ),
      );
      expect(again.bytes).toEqual(audit.bytes);

      // Approving the waiting spend after the year end moves its money on the day of the
      // decision: the closed year's statement is still the same file, waiting spend and all.
      await f.ok('POST', `spends/${waiting.id}/approval`, {}, { status: 200 });
      expect(await f.money(budget, token)).toMatchObject({
        available: '125.00',
        pending: '0.00',
        spent: '195.00',
      });
      const later = await text(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          f.auditor,
          undefined,
          false,
        ),
      );
      expect(later.bytes).toEqual(audit.bytes);
      const next = await text(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2027-04-01&to=2028-03-31`,
          token,
          undefined,
          false,
        ),
      );
      expect(next.lines.join('\n')).toMatch(/Money held for spends waiting for approval\s+0\.00/);
    });

    it('gives no one else a budget statement', async () => {
      const { f, budget } = await holderYear(await make());
      await expectProblem(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf`,
          f.people.holder.token,
          undefined,
          false,
        ),
        404,
        'budget_not_found',
      );
      const panel = await f.h.token('panel');
      await expectProblem(
        await f.call('GET', `budgets/${budget}/statement.pdf`, panel, undefined, false),
        403,
        'forbidden',
      );
      const elsewhere = await f.h.token('auditor', { alliance: f.h.otherAlliance });
      await expectProblem(
        await f.call('GET', `budgets/${budget}/statement.pdf`, elsewhere, undefined, false),
        404,
        'budget_not_found',
      );
      await expectProblem(
        await f.call(
          'GET',
          `budgets/${budget}/statement.pdf?from=2027-01-01&to=2026-01-01`,
          f.auditor,
          undefined,
          false,
        ),
        422,
        'invalid_period',
      );
    });

    it('shows a pool’s contributions, how each purchase was shared, and the shares; a member sees only their own', async () => {
      const { f, token, budget, other, pool } = await holderYear(await make());
      const full = await text(
        await f.call(
          'GET',
          `pools/${pool}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          token,
          undefined,
          false,
        ),
      );
      const all = full.lines.join('\n');
      // 60 and 30 in; 45 bought, shared 30.00 and 15.00; the other member left with 15.00.
      expect(all).toMatch(/Add: contributions from members' budgets\s+90\.00/);
      expect(all).toMatch(/Less: purchases\s+45\.00/);
      expect(all).toMatch(/Less: shares returned to members who left\s+15\.00/);
      expect(all).toMatch(/The pool holds on 31 March 2027\s+30\.00/);
      // Members by their name and IB- reference (the pool's coordinator may read names), never by id.
      expect(all).not.toContain(budget);
      expect(all).toContain('Perpetua Thistlewood (IB-');
      expect(all).toContain('Garden Centre');
      const mine = await text(
        await f.call(
          'GET',
          `pools/${pool}/statement.pdf?from=2026-04-01&to=2027-03-31`,
          f.people.other.token,
          undefined,
          false,
        ),
      );
      const theirs = mine.lines.join('\n');
      expect(theirs).not.toContain(other);
      expect(theirs).not.toContain('Thistlewood');
      // A member reads their own share, and what the whole pool holds, each named for what it is.
      expect(theirs).toMatch(/Your share on 31 March 2027\s+0\.00/);
      expect(theirs).toMatch(/The pool holds on 31 March 2027\s+30\.00/);
      const outsider = await f.h.token('holder', { holder: 'per_nobody' });
      await expectProblem(
        await f.call('GET', `pools/${pool}/statement.pdf`, outsider, undefined, false),
        404,
        'pool_not_found',
      );
    });
  });
}
