import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { budgetsFixture } from './budgets-helpers.js';
import { body, expectProblem } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

/**
 * Books that keep to their dates (issue 12): nothing dated after the alliance's today, every
 * no-overdraft rule held at every date when an entry is back-dated, and closed periods closed.
 * The harness's clock reads 2026-06-01T10:00Z: 11:00 in London (BST), so today is 2026-06-01.
 */
export function datesContract(make: () => Promise<Harness>) {
  describe('no future: today is the alliance’s local date', () => {
    it('refuses a receipt, a sitting, a payment, a return and a follow-up dated after today', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-05-01',
      });
      const before = await f.snapshot();
      const future = await f.call('POST', 'receipts', f.coordinator, {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2027-03-03',
      });
      const problem = await expectProblem(future, 422, 'future_date');
      expect(problem.errors).toEqual([{ path: 'receivedOn', message: 'after today (2026-06-01)' }]);
      await expectProblem(
        await f.call('POST', 'sittings', f.panel, {
          heldOn: '2026-06-02',
          memberIds: f.members.slice(0, 4),
        }),
        422,
        'future_date',
      );
      const app = await f.application(await f.applicant(), '60.00', '2026-05-20');
      const sitting = await f.sitting('2026-05-21');
      const award = (
        await body(
          await f.decide(app, sitting, { outcome: 'award', amount: '60.00', purpose: 'Bus pass' }),
        )
      ).award.id;
      const pay = (paidOn: string) =>
        f.call('POST', `awards/${award}/disbursements`, f.coordinator, {
          method: 'bank_transfer',
          amount: '10.00',
          paidOn,
        });
      await expectProblem(await pay('2026-06-02'), 422, 'future_date');
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'bank_transfer',
        amount: '10.00',
        paidOn: '2026-06-01',
      });
      await expectProblem(
        await f.call('POST', `awards/${award}/returns`, f.coordinator, {
          amount: '5.00',
          returnedOn: '2026-07-01',
        }),
        422,
        'future_date',
      );
      await expectProblem(
        await f.call(
          'POST',
          `awards/${award}/follow-up`,
          f.panel,
          { heardOn: '2026-06-02', inPerson: true, difference: 'x', domainsImproved: [] },
          false,
        ),
        422,
        'future_date',
      );
      await expectProblem(
        await f.call('POST', `awards/${award}/cancellation`, f.coordinator, {
          reason: 'moved away',
          cancelledOn: '2026-06-05',
        }),
        422,
        'future_date',
      );
      expect((await f.fund()).received).toBe('500.00');
      expect(before).toBeTruthy();
    });

    it('refuses a manual entry and a spend dated after today, and says which day today is', async () => {
      const b = await budgetsFixture(await make());
      const budget = await b.budget(b.people.holder.id, { allocate: '100.00' });
      const spend = await b.call('POST', `budgets/${budget}/spends`, b.people.holder.token, {
        provider: 'Bus Co',
        category: 'travel',
        amount: '5.00',
        spentOn: '2026-06-02',
        description: 'Fares',
      });
      const problem = await expectProblem(spend, 422, 'future_date');
      expect(problem.errors[0].path).toBe('spentOn');
      const entry = await b.h.request('/v1/entries', {
        method: 'POST',
        token: b.coordinator,
        key: 'future-entry',
        json: {
          effectiveDate: '2026-06-02',
          description: 'Adjustment',
          reasonCode: 'manual_adjustment',
          postings: [
            { account: `stream:${b.stream}`, amount: '1.00' },
            { account: `stream:${b.stream}`, amount: '-1.00' },
          ],
        },
      });
      expect((await expectProblem(entry, 422, 'future_date')).detail).toContain('2026-06-01');
    });

    it('takes today in the alliance’s time zone, not UTC', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      // 23:30 UTC on 1 June is 00:30 on 2 June in London (BST).
      h.setNow('2026-06-01T23:30:00.000Z');
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '10.00',
        receivedOn: '2026-06-02',
      });
      await f.ok('PATCH', `/v1/alliances/${f.alliance}`, { timeZone: 'UTC' }, { key: false });
      await expectProblem(
        await f.call('POST', 'receipts', f.coordinator, {
          funder: 'Council',
          amount: '10.00',
          receivedOn: '2026-06-02',
        }),
        422,
        'future_date',
      );
      await expectProblem(
        await f.call(
          'PATCH',
          `/v1/alliances/${f.alliance}`,
          f.coordinator,
          { timeZone: 'Mars/Olympus' },
          false,
        ),
        422,
        'invalid_settings',
      );
    });
  });

  describe('back-dating keeps every balance rule at every date', () => {
    it('refuses an award at a sitting held before the money came in, though the fund holds it today', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '200.00',
        receivedOn: '2026-05-10',
      });
      const app = await f.application(await f.applicant(), '100.00', '2026-05-01');
      const early = await f.sitting('2026-05-05');
      const before = await f.snapshot();
      const refused = await f.decide(app, early, {
        outcome: 'award',
        amount: '100.00',
        purpose: 'Course fees',
      });
      const problem = await expectProblem(refused, 409, 'insufficient_fund');
      expect(problem).toMatchObject({ available: '0.00', availableOnDecisionDate: '0.00' });
      expect(await f.snapshot()).toEqual(before);
      const later = await f.sitting('2026-05-12');
      expect(
        (await f.decide(app, later, { outcome: 'award', amount: '100.00', purpose: 'Course fees' }))
          .status,
      ).toBe(201);
    });

    it('refuses a back-dated spend that would overdraw a later date and accepts one that would not', async () => {
      const b = await budgetsFixture(await make());
      const budget = await b.budget(b.people.holder.id); // allocated below, on 2026-05-10
      await b.ok('POST', `budgets/${budget}/allocations`, {
        amount: '100.00',
        allocatedOn: '2026-05-10',
      });
      const spend = (amount: string, spentOn: string) =>
        b.call('POST', `budgets/${budget}/spends`, b.people.holder.token, {
          provider: 'Bus Co',
          category: 'travel',
          amount,
          spentOn,
          description: 'Fares',
        });
      expect((await spend('60.00', '2026-05-20')).status).toBe(201);
      await b.ok('POST', `budgets/${budget}/allocations`, {
        amount: '100.00',
        allocatedOn: '2026-05-25',
      });
      // Today the budget has 130.00 (2 × 95.00 after the 5% top-slice, less 60.00), but on
      // 2026-05-05 it held nothing yet: the spend would overdraw it on that date.
      await expectProblem(await spend('10.00', '2026-05-05'), 409, 'insufficient_budget');
      // 50.00 on 2026-05-15 leaves 45.00 that day, but -15.00 once the 60.00 of 05-20 is paid.
      const later = await expectProblem(
        await spend('50.00', '2026-05-15'),
        409,
        'insufficient_budget',
      );
      expect(later.detail).toContain('later day');
      // 30.00 on 2026-05-15 leaves 65.00 then and 5.00 after 05-20: nothing overdrawn, accepted.
      expect((await spend('30.00', '2026-05-15')).status).toBe(201);
      expect((await b.money(budget)).available).toBe('100.00');
    });
  });

  describe('closing a period', () => {
    it('closes the books up to a date, only forward, recorded with who and when', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-10',
      });
      const close = (closedThrough: string, token = f.coordinator) =>
        h.request('/v1/ledger/closings', { method: 'POST', token, json: { closedThrough } });
      await expectProblem(await close('2026-05-31', f.panel), 403);
      await expectProblem(await close('2026-05-31', f.auditor), 403);
      await expectProblem(await close('2026-06-02'), 422, 'future_date');
      const closed = await body(await close('2026-04-30'));
      expect(closed).toMatchObject({
        closedThrough: '2026-04-30',
        closedAt: '2026-06-01T10:00:00.000Z',
      });
      expect(closed.closedBy).toMatch(/^tok_/);
      await expectProblem(await close('2026-04-30'), 409, 'lock_not_forward');
      await expectProblem(await close('2026-04-01'), 409, 'lock_not_forward');
      const list = await body(await h.request('/v1/ledger/closings', { token: f.auditor }));
      expect(list).toMatchObject({ lockedThrough: '2026-04-30', today: '2026-06-01' });
      expect(list.items).toHaveLength(1);

      const before = await f.snapshot();
      for (const receivedOn of ['2026-04-30', '2026-04-01']) {
        const problem = await expectProblem(
          await f.call('POST', 'receipts', f.coordinator, {
            funder: 'Council',
            amount: '1.00',
            receivedOn,
          }),
          409,
          'period_closed',
        );
        expect(problem.lockedThrough).toBe('2026-04-30');
      }
      expect(await f.snapshot()).toEqual(before);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '1.00',
        receivedOn: '2026-05-01',
      });
    });
  });

  describe('the database keeps the date rules on its own', () => {
    it('refuses an entry on or before the lock date, or far in the future, written straight to the store', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '50.00',
        receivedOn: '2026-04-10',
      });
      await body(
        await h.request('/v1/ledger/closings', {
          method: 'POST',
          token: f.coordinator,
          json: { closedThrough: '2026-04-30' },
        }),
      );
      const bank = `alliance:${f.alliance}:bank`;
      const fund = `alliance:${f.alliance}:fund:sparks`;
      const raw = (date: string, recordedAt = '2026-06-01T10:00:00.000Z') =>
        h.store.executeRaw(
          rawEntry(f.alliance, date, recordedAt, [
            [bank, 100],
            [fund, -100],
          ]),
        );
      await expect(raw('2026-04-30')).rejects.toThrow(/period_closed/);
      await expect(raw('2026-03-01')).rejects.toThrow(/period_closed/);
      await expect(raw('2026-06-03')).rejects.toThrow(/future_date/);
      await expect(
        h.store.executeRaw([
          {
            sql: 'INSERT INTO period_closings (id, alliance_id, closed_through, closed_by, closed_at) VALUES (?, ?, ?, ?, ?)',
            params: ['cls_raw', f.alliance, '2026-04-29', 'tok_x', '2026-06-01T10:00:00.000Z'],
          },
        ]),
      ).rejects.toThrow(/lock_not_forward/);
    });
  });
}

/** An entry's rows as the store writes them, sealing on the current head computed in SQL. */
export function rawEntry(
  allianceId: string,
  date: string,
  recordedAt: string,
  postings: [string, number][],
  options: {
    id?: string;
    postingCount?: number;
    reverses?: string | null;
    postingDate?: string;
    prevHash?: string;
  } = {},
) {
  const id = options.id ?? `ent_raw_${Math.random().toString(36).slice(2)}`;
  return [
    ...postings.map(([code, amount], i) => ({
      sql: 'INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES (?, ?, (SELECT id FROM accounts WHERE code = ?), ?, ?)',
      params: [id, i + 1, code, amount, options.postingDate ?? date],
    })),
    {
      sql: `INSERT INTO entries (id, seq, alliance_id, effective_date, recorded_at, description, actor, reason_code, reverses_entry_id, posting_count, prev_hash, hash)
            VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM entries), ?, ?, ?, 'raw', 'tok_raw', 'manual_adjustment', ?, ?,
                    coalesce(?, (SELECT hash FROM entries ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}'), 'raw')`,
      params: [
        id,
        allianceId,
        date,
        recordedAt,
        options.reverses ?? null,
        options.postingCount ?? postings.length,
        options.prevHash ?? null,
      ],
    },
  ];
}
