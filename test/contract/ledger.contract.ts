import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { body, expectProblem, ledgerFixture, newKey } from './helpers.js';

/**
 * The ledger's contract, run on every runtime: better-sqlite3 on Node and D1 inside workerd.
 * `make` gives a fresh harness (a fresh alliance) per test.
 */
export function ledgerContract(make: () => Promise<Harness>) {
  describe('accounts', () => {
    it('opens an account once and returns the same account when opened again', async () => {
      const h = await make();
      const token = await h.token('coordinator');
      const json = { code: `alliance:${h.alliance}:bank`, type: 'asset' };
      const first = await h.request('/v1/accounts', { method: 'POST', token, json });
      expect(first.status).toBe(201);
      const again = await h.request('/v1/accounts', { method: 'POST', token, json });
      expect(again.status).toBe(200);
      const opened = await body(first);
      expect(await body(again)).toEqual(opened);
      expect(opened).toMatchObject({
        type: 'asset',
        normalSide: 'debit',
        allowNegative: false,
        balance: '0.00',
      });
    });

    it('refuses to reopen an account with another type or rule', async () => {
      const h = await make();
      const token = await h.token('coordinator');
      const code = `alliance:${h.alliance}:fund:x`;
      await h.request('/v1/accounts', { method: 'POST', token, json: { code, type: 'fund' } });
      await expectProblem(
        await h.request('/v1/accounts', { method: 'POST', token, json: { code, type: 'asset' } }),
        409,
        'account_exists_differently',
      );
      await expectProblem(
        await h.request('/v1/accounts', {
          method: 'POST',
          token,
          json: { code, type: 'fund', allowNegative: true },
        }),
        409,
        'account_exists_differently',
      );
    });

    it('refuses codes outside the alliance prefix, bad codes and unknown types', async () => {
      const h = await make();
      const token = await h.token('coordinator');
      await expectProblem(
        await h.request('/v1/accounts', {
          method: 'POST',
          token,
          json: { code: `alliance:${h.otherAlliance}:bank`, type: 'asset' },
        }),
        422,
        'account_outside_alliance',
      );
      await expectProblem(
        await h.request('/v1/accounts', {
          method: 'POST',
          token,
          json: { code: 'Alliance:X', type: 'asset' },
        }),
        422,
        'validation_failed',
      );
      await expectProblem(
        await h.request('/v1/accounts', {
          method: 'POST',
          token,
          json: { code: `alliance:${h.alliance}:y`, type: 'equity' },
        }),
        422,
        'validation_failed',
      );
    });

    it('lists accounts by prefix, a page at a time', async () => {
      const f = await ledgerFixture(await make());
      const first = await body(
        await f.h.request(`/v1/accounts?prefix=alliance:${f.h.alliance}:&limit=3`, {
          token: f.coordinator,
        }),
      );
      expect(first.items).toHaveLength(3);
      const second = await body(
        await f.h.request(
          `/v1/accounts?prefix=alliance:${f.h.alliance}:&limit=3&cursor=${encodeURIComponent(first.nextCursor)}`,
          { token: f.coordinator },
        ),
      );
      expect(second.items.map((a: { code: string }) => a.code)).toEqual([f.income]);
      expect(second.nextCursor).toBeNull();
      const funds = await body(
        await f.h.request(`/v1/accounts?prefix=alliance:${f.h.alliance}:fund`, {
          token: f.coordinator,
        }),
      );
      expect(funds.items.map((a: { code: string }) => a.code)).toEqual([f.fund]);
    });
  });

  describe('journal entries', () => {
    it('posts a balanced entry, updates balances and links it into the chain', async () => {
      const f = await ledgerFixture(await make());
      const head = await f.h.store.chainHead();
      const res = await f.post(
        [
          [f.bank, '2000.00'],
          [f.fund, '-2000.00'],
        ],
        { date: '2026-04-01', description: 'Funder pays into Small Sparks' },
      );
      expect(res.status).toBe(201);
      const entry = await body(res);
      expect(entry).toMatchObject({
        seq: head.seq + 1,
        prevHash: head.hash,
        effectiveDate: '2026-04-01',
        reasonCode: 'manual_adjustment',
        reversesEntryId: null,
      });
      expect(entry.postings).toEqual([
        { account: f.bank, amount: '2000.00' },
        { account: f.fund, amount: '-2000.00' },
      ]);
      expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await f.balance(f.bank)).toBe('2000.00');
      expect(await f.balance(f.fund)).toBe('2000.00');
      const fetched = await body(
        await f.h.request(`/v1/entries/${entry.id}`, { token: f.coordinator }),
      );
      expect(fetched).toEqual(entry);
    });

    it('posts an entry of the most postings allowed (rows written 20 a statement), line by line', async () => {
      const f = await ledgerFixture(await make());
      // 49 lines of £1.01..£1.49 into the bank and one credit of their sum to the fund: three
      // INSERT statements of 20, 20 and 10 rows, each row in its place.
      const debits = Array.from({ length: 49 }, (_, i) => `1.${String(i + 1).padStart(2, '0')}`);
      const res = await f.post([
        ...debits.map((a) => [f.bank, a] as [string, string]),
        [f.fund, '-61.25'],
      ]);
      expect(res.status, await res.clone().text()).toBe(201);
      const entry = await body(res);
      expect(entry.postings).toHaveLength(50);
      expect(entry.postings.slice(0, 49).map((p: { amount: string }) => p.amount)).toEqual(debits);
      expect(entry.postings[49]).toEqual({ account: f.fund, amount: '-61.25' });
      expect(await f.balance(f.bank)).toBe('61.25');
      expect(await f.balance(f.fund)).toBe('61.25');
      const fetched = await body(
        await f.h.request(`/v1/entries/${entry.id}`, { token: f.coordinator }),
      );
      expect(fetched).toEqual(entry);
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify.ok).toBe(true);
    });

    it('keeps the effective date apart from the recorded time and answers balances as of a date', async () => {
      const f = await ledgerFixture(await make());
      f.h.setNow('2026-06-10T09:00:00.000Z');
      await f.post(
        [
          [f.bank, '100.00'],
          [f.fund, '-100.00'],
        ],
        { date: '2026-04-01' },
      );
      await f.post(
        [
          [f.bank, '50.25'],
          [f.fund, '-50.25'],
        ],
        { date: '2026-05-15' },
      );
      const late = await body(
        await f.post(
          [
            [f.bank, '0.75'],
            [f.fund, '-0.75'],
          ],
          { date: '2026-03-31' },
        ),
      );
      expect(late.recordedAt).toBe('2026-06-10T09:00:00.000Z');
      const at = async (date: string) =>
        (
          await body(
            await f.h.request(`/v1/accounts/${f.bank}?asOf=${date}`, { token: f.coordinator }),
          )
        ).balance;
      expect(await at('2026-03-30')).toBe('0.00');
      expect(await at('2026-03-31')).toBe('0.75');
      expect(await at('2026-04-30')).toBe('100.75');
      expect(await at('2026-12-31')).toBe('151.00');
      const tb = await body(
        await f.h.request('/v1/ledger/trial-balance?asOf=2026-04-30', { token: f.coordinator }),
      );
      expect(tb).toMatchObject({ totalDebits: '100.75', totalCredits: '100.75', balanced: true });
    });

    it('pages through postings by keyset in date order', async () => {
      const f = await ledgerFixture(await make());
      for (const [i, date] of [
        '2026-04-03',
        '2026-04-01',
        '2026-04-02',
        '2026-04-01',
        '2026-04-05',
      ].entries()) {
        await f.post(
          [
            [f.bank, `${i + 1}.00`],
            [f.fund, `-${i + 1}.00`],
          ],
          { date },
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await body(
          await f.h.request(
            `/v1/accounts/${f.bank}/postings?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            { token: f.coordinator },
          ),
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((p: any) => `${p.effectiveDate}:${p.amount}`));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([
        '2026-04-01:2.00',
        '2026-04-01:4.00',
        '2026-04-02:3.00',
        '2026-04-03:1.00',
        '2026-04-05:5.00',
      ]);
      const april2 = await body(
        await f.h.request(`/v1/accounts/${f.bank}/postings?from=2026-04-02&to=2026-04-03`, {
          token: f.coordinator,
        }),
      );
      expect(april2.items.map((p: any) => p.amount)).toEqual(['3.00', '1.00']);
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}/postings?cursor=bm9wZQ`, {
          token: f.coordinator,
        }),
        422,
        'invalid_cursor',
      );
    });

    it('reverses an entry exactly once, with the opposite postings linked to the original', async () => {
      const f = await ledgerFixture(await make());
      const original = await body(
        await f.post([
          [f.bank, '300.00'],
          [f.fund, '-300.00'],
        ]),
      );
      const res = await f.h.request(`/v1/entries/${original.id}/reversal`, {
        method: 'POST',
        token: f.coordinator,
        key: newKey(),
        json: { reason: 'Recorded twice', effectiveDate: '2026-05-02' },
      });
      expect(res.status).toBe(201);
      const reversal = await body(res);
      expect(reversal).toMatchObject({
        reversesEntryId: original.id,
        reasonCode: 'reversal',
        effectiveDate: '2026-05-02',
      });
      expect(reversal.postings).toEqual([
        { account: f.bank, amount: '-300.00' },
        { account: f.fund, amount: '300.00' },
      ]);
      expect(await f.balance(f.bank)).toBe('0.00');
      expect(
        (await body(await f.h.request(`/v1/entries/${original.id}`, { token: f.coordinator })))
          .reversedByEntryId,
      ).toBe(reversal.id);
      const before = await f.snapshot();
      await expectProblem(
        await f.h.request(`/v1/entries/${original.id}/reversal`, {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: { reason: 'again' },
        }),
        409,
        'already_reversed',
      );
      await expectProblem(
        await f.h.request(`/v1/entries/${reversal.id}/reversal`, {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: { reason: 'undo the undo' },
        }),
        409,
        'cannot_reverse_reversal',
      );
      await expectProblem(
        await f.h.request(`/v1/entries/ent_nope/reversal`, {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: { reason: 'x' },
        }),
        404,
        'entry_not_found',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('refuses a reversal that would break a balance rule', async () => {
      const f = await ledgerFixture(await make());
      const receipt = await body(
        await f.post([
          [f.bank, '100.00'],
          [f.fund, '-100.00'],
        ]),
      );
      // Spend most of the fund, then try to take back the receipt: the fund would go negative.
      await f.post([
        [f.expense, '80.00'],
        [f.bank, '-80.00'],
      ]);
      await f.post([
        [f.fund, '80.00'],
        [f.income, '-80.00'],
      ]);
      const before = await f.snapshot();
      await expectProblem(
        await f.h.request(`/v1/entries/${receipt.id}/reversal`, {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: { reason: 'mistake' },
        }),
        409,
        'balance_rule_violated',
      );
      expect(await f.snapshot()).toEqual(before);
    });
  });

  describe('balance rules', () => {
    it('refuses an entry that would take a no-overdraft account below zero, and writes nothing', async () => {
      const f = await ledgerFixture(await make());
      await f.post([
        [f.bank, '50.00'],
        [f.fund, '-50.00'],
      ]);
      const before = await f.snapshot();
      const problem = await expectProblem(
        await f.post([
          [f.fund, '50.01'],
          [f.income, '-50.01'],
        ]),
        409,
        'balance_rule_violated',
      );
      expect(problem.account).toBe(f.fund);
      expect(problem.available).toBe('50.00');
      expect(await f.snapshot()).toEqual(before);
    });

    it('judges the balance an entry leaves behind, whatever the order of its postings', async () => {
      const f = await ledgerFixture(await make());
      // The bank is empty: taking 20.00 out before putting 50.00 in is fine within one entry.
      const res = await f.post([
        [f.bank, '-20.00'],
        [f.bank, '50.00'],
        [f.fund, '-30.00'],
      ]);
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await f.balance(f.bank)).toBe('30.00');
    });

    it('lets an account that allows it go below zero on its normal side', async () => {
      const f = await ledgerFixture(await make());
      const res = await f.post([
        [f.income, '25.00'],
        [f.bank, '25.00'],
        [f.fund, '-50.00'],
      ]);
      expect(res.status).toBe(201);
      expect(await f.balance(f.income)).toBe('-25.00');
    });

    it('lets exactly 37 of 100 concurrent £10 spends through an account holding £370', async () => {
      const f = await ledgerFixture(await make());
      await f.post([
        [f.bank, '370.00'],
        [f.fund, '-370.00'],
      ]);
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          f.post([
            [f.fund, '10.00'],
            [f.income, '-10.00'],
          ]),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(37);
      expect(statuses.filter((s) => s === 409)).toHaveLength(63);
      expect(await f.balance(f.fund)).toBe('0.00');
      const postings = await body(
        await f.h.request(`/v1/accounts/${f.fund}/postings?limit=500`, { token: f.coordinator }),
      );
      let running = 0;
      for (const p of postings.items) {
        running -= Math.round(Number(p.amount) * 100); // fund is credit-normal: a credit raises it
        expect(running).toBeGreaterThanOrEqual(0);
      }
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify.ok).toBe(true);
    });

    it('holds the same line when two writers race: 37 of 100 spends, one chain, verify passes', async () => {
      const f = await ledgerFixture(await make());
      await f.post([
        [f.bank, '370.00'],
        [f.fund, '-370.00'],
      ]);
      const writers = [f.h.request, f.h.twin()];
      const json = {
        effectiveDate: '2026-05-01',
        description: 'Spend',
        reasonCode: 'manual_adjustment',
        postings: [
          { account: f.fund, amount: '10.00' },
          { account: f.income, amount: '-10.00' },
        ],
      };
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          writers[i % 2]!('/v1/entries', {
            method: 'POST',
            token: f.coordinator,
            key: newKey(),
            json,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(37);
      expect(await f.balance(f.fund)).toBe('0.00');
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify).toMatchObject({ ok: true, balanceMismatches: [] });
    });
  });

  describe('bad input writes nothing', () => {
    const badAmounts = [
      '1e3',
      '12.345',
      '-0',
      'NaN',
      '99999999999999999999.00',
      '1000000000.01',
      ' 1.00',
      '+1.00',
      '1,000.00',
      '',
      '0x10',
      'Infinity',
    ];
    for (const amount of badAmounts) {
      it(`refuses the amount ${JSON.stringify(amount)}`, async () => {
        const f = await ledgerFixture(await make());
        const before = await f.snapshot();
        const problem = await expectProblem(
          await f.post([
            [f.bank, amount],
            [f.fund, '-1.00'],
          ]),
          422,
          'validation_failed',
        );
        expect(problem.errors[0].path).toBe('postings.0.amount');
        expect(await f.snapshot()).toEqual(before);
      });
    }

    it('refuses amounts sent as JSON numbers, nulls and objects', async () => {
      const f = await ledgerFixture(await make());
      for (const amount of [100, null, { value: '1.00' }, ['1.00'], true]) {
        const res = await f.h.request('/v1/entries', {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: {
            effectiveDate: '2026-05-01',
            description: 'x',
            reasonCode: 'manual_adjustment',
            postings: [
              { account: f.bank, amount },
              { account: f.fund, amount: '-1.00' },
            ],
          },
        });
        await expectProblem(res, 422, 'validation_failed');
      }
    });

    it('refuses malformed JSON, a missing body and unknown fields', async () => {
      const f = await ledgerFixture(await make());
      const before = await f.snapshot();
      const raw = (text: string) =>
        f.h.request('/v1/entries', {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          headers: { 'content-type': 'application/json' },
          body: text,
        });
      await expectProblem(await raw('{"effectiveDate": '), 400, 'malformed_json');
      await expectProblem(await raw('[]'), 422);
      await expectProblem(await raw('"x"'), 422);
      await expectProblem(await raw('null'), 422);
      await expectProblem(
        await f.h.request('/v1/entries', { method: 'POST', token: f.coordinator, key: newKey() }),
        422,
      );
      await expectProblem(
        await f.h.request('/v1/entries', {
          method: 'POST',
          token: f.coordinator,
          key: newKey(),
          json: {
            effectiveDate: '2026-05-01',
            description: 'x',
            reasonCode: 'manual_adjustment',
            postings: [
              { account: f.bank, amount: '1.00' },
              { account: f.fund, amount: '-1.00' },
            ],
            sneaky: true,
          },
        }),
        422,
        'validation_failed',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('refuses unbalanced entries, single postings, zero postings, bad dates and unknown accounts', async () => {
      const f = await ledgerFixture(await make());
      const before = await f.snapshot();
      await expectProblem(
        await f.post([
          [f.bank, '10.00'],
          [f.fund, '-9.99'],
        ]),
        422,
        'entry_unbalanced',
      );
      await expectProblem(await f.post([[f.bank, '10.00']]), 422, 'validation_failed');
      await expectProblem(
        await f.post([
          [f.bank, '0.00'],
          [f.fund, '0.00'],
        ]),
        422,
        'invalid_postings',
      );
      await expectProblem(
        await f.post(
          [
            [f.bank, '1.00'],
            [f.fund, '-1.00'],
          ],
          { date: '2026-02-30' },
        ),
        422,
        'invalid_date',
      );
      await expectProblem(
        await f.post(
          [
            [f.bank, '1.00'],
            [f.fund, '-1.00'],
          ],
          { date: '1999-12-31' },
        ),
        422,
        'invalid_date',
      );
      await expectProblem(
        await f.post(
          [
            [f.bank, '1.00'],
            [f.fund, '-1.00'],
          ],
          { date: '2026-5-1' },
        ),
        422,
        'validation_failed',
      );
      const unknown = await expectProblem(
        await f.post([
          [f.bank, '1.00'],
          [`alliance:${f.h.alliance}:nope`, '-1.00'],
        ]),
        422,
        'unknown_account',
      );
      expect(unknown.errors[0].path).toBe('postings.1.account');
      await expectProblem(
        await f.post(
          [
            [f.bank, '1.00'],
            [f.fund, '-1.00'],
          ],
          { description: '   ' },
        ),
        422,
        'validation_failed',
      );
      const many = Array.from(
        { length: 51 },
        (_, i) => [i % 2 ? f.bank : f.fund, i % 2 ? '1.00' : '-1.00'] as [string, string],
      );
      await expectProblem(await f.post(many), 422, 'validation_failed');
      expect(await f.snapshot()).toEqual(before);
    });

    it('answers unknown routes, accounts and entries with problems, never a 500', async () => {
      const f = await ledgerFixture(await make());
      await expectProblem(
        await f.h.request('/v1/nothing', { token: f.coordinator }),
        404,
        'route_not_found',
      );
      await expectProblem(
        await f.h.request(`/v1/accounts/alliance:${f.h.alliance}:nope`, { token: f.coordinator }),
        404,
        'account_not_found',
      );
      await expectProblem(
        await f.h.request('/v1/accounts/NOT%20A%20CODE', { token: f.coordinator }),
        422,
        'validation_failed',
      );
      await expectProblem(
        await f.h.request('/v1/entries/ent_missing', { token: f.coordinator }),
        404,
        'entry_not_found',
      );
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}?asOf=yesterday`, { token: f.coordinator }),
        422,
        'validation_failed',
      );
      await expectProblem(
        await f.h.request(`/v1/accounts?limit=100000`, { token: f.coordinator }),
        422,
        'validation_failed',
      );
      await expectProblem(
        await f.h.request(`/v1/accounts?limit=abc`, { token: f.coordinator }),
        422,
        'validation_failed',
      );
    });
  });

  describe('idempotency', () => {
    it('returns the original response for the same key and body, and pays once', async () => {
      const f = await ledgerFixture(await make());
      const key = newKey();
      const first = await f.post(
        [
          [f.bank, '20.00'],
          [f.fund, '-20.00'],
        ],
        { key },
      );
      const second = await f.post(
        [
          [f.bank, '20.00'],
          [f.fund, '-20.00'],
        ],
        { key },
      );
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await body(second)).toEqual(await body(first));
      expect(await f.balance(f.bank)).toBe('20.00');
    });

    it('settles two identical requests racing with one key: one entry, same answer', async () => {
      const f = await ledgerFixture(await make());
      const key = newKey();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          f.post(
            [
              [f.bank, '5.00'],
              [f.fund, '-5.00'],
            ],
            { key },
          ),
        ),
      );
      const bodies = await Promise.all(results.map((r) => body(r)));
      expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
      expect(await f.balance(f.bank)).toBe('5.00');
    });

    it('refuses the same key with a different body', async () => {
      const f = await ledgerFixture(await make());
      const key = newKey();
      await f.post(
        [
          [f.bank, '20.00'],
          [f.fund, '-20.00'],
        ],
        { key },
      );
      const before = await f.snapshot();
      await expectProblem(
        await f.post(
          [
            [f.bank, '21.00'],
            [f.fund, '-21.00'],
          ],
          { key },
        ),
        409,
        'idempotency_key_reused',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('refuses a money-moving request without a key, or with a malformed one', async () => {
      const f = await ledgerFixture(await make());
      const before = await f.snapshot();
      const json = {
        effectiveDate: '2026-05-01',
        description: 'x',
        reasonCode: 'manual_adjustment',
        postings: [
          { account: f.bank, amount: '1.00' },
          { account: f.fund, amount: '-1.00' },
        ],
      };
      await expectProblem(
        await f.h.request('/v1/entries', { method: 'POST', token: f.coordinator, json }),
        400,
        'idempotency_key_required',
      );
      await expectProblem(
        await f.h.request('/v1/entries', {
          method: 'POST',
          token: f.coordinator,
          json,
          key: 'has spaces',
        }),
        400,
        'idempotency_key_invalid',
      );
      await expectProblem(
        await f.h.request('/v1/entries', {
          method: 'POST',
          token: f.coordinator,
          json,
          key: 'x'.repeat(256),
        }),
        400,
        'idempotency_key_invalid',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('does not remember a refused request, so a corrected retry with the key succeeds', async () => {
      const f = await ledgerFixture(await make());
      const key = newKey();
      await expectProblem(
        await f.post(
          [
            [f.fund, '10.00'],
            [f.income, '-10.00'],
          ],
          { key },
        ),
        409,
        'balance_rule_violated',
      );
      await f.post([
        [f.bank, '10.00'],
        [f.fund, '-10.00'],
      ]);
      expect(
        (
          await f.post(
            [
              [f.fund, '10.00'],
              [f.income, '-10.00'],
            ],
            { key },
          )
        ).status,
      ).toBe(201);
    });
  });

  describe('tamper evidence and append-only storage', () => {
    it('verifies the chain and the stored balances', async () => {
      const f = await ledgerFixture(await make());
      await f.post([
        [f.bank, '10.00'],
        [f.fund, '-10.00'],
      ]);
      const report = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(report).toMatchObject({ ok: true, firstBrokenLink: null, balanceMismatches: [] });
      // SQLite's own check of the file runs on both runtimes (D1 answers PRAGMA quick_check);
      // it reads the whole file, so it is the last page of a full re-check, never incremental.
      expect(report.storage).toBeNull();
      let page = await body(
        await f.h.request('/v1/ledger/verify/full?limit=5000', { token: f.coordinator }),
      );
      while (page.nextCursor)
        page = await body(
          await f.h.request(`/v1/ledger/verify/full?limit=5000&after=${page.nextCursor}`, {
            token: f.coordinator,
          }),
        );
      expect(page.storage).toEqual({ check: 'quick_check', ok: true, problems: [] });
      expect(report.entriesChecked).toBeGreaterThanOrEqual(1);
      expect(report.head).toEqual(await f.h.store.chainHead());
    });

    it('is ready when a write succeeds and every migration this code knows is applied', async () => {
      const f = await ledgerFixture(await make());
      const res = await f.h.request('/health/ready');
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await body(res)).toMatchObject({ status: 'ready', writable: true, schema: 'current' });
    });

    it('refuses to update or delete entries and postings, or to rewrite an account', async () => {
      const f = await ledgerFixture(await make());
      const entry = await body(
        await f.post([
          [f.bank, '10.00'],
          [f.fund, '-10.00'],
        ]),
      );
      const db = f.h.store.db;
      const attempts = [
        sql`UPDATE entries SET description = 'changed' WHERE id = ${entry.id}`,
        sql`DELETE FROM entries WHERE id = ${entry.id}`,
        sql`UPDATE postings SET amount_minor = 1 WHERE entry_id = ${entry.id}`,
        sql`DELETE FROM postings WHERE entry_id = ${entry.id}`,
        sql`UPDATE accounts SET allow_negative = 1 WHERE code = ${f.fund}`,
        sql`DELETE FROM accounts WHERE code = ${f.expense}`,
        sql`UPDATE accounts SET balance_minor = 5 WHERE code = ${f.fund}`,
        sql`INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) SELECT ${entry.id}, 3, id, 100, '2026-05-01' FROM accounts WHERE code = ${f.bank}`,
      ];
      for (const statement of attempts) {
        await expect(Promise.resolve().then(() => db.run(statement))).rejects.toThrow();
      }
      expect(await f.balance(f.fund)).toBe('10.00');
      expect(
        (await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }))).ok,
      ).toBe(true);
    });
  });

  describe('access', () => {
    it('needs a valid bearer token on every /v1 route but not on health, openapi and docs', async () => {
      const f = await ledgerFixture(await make());
      for (const path of [
        '/v1/accounts',
        `/v1/accounts/${f.bank}`,
        '/v1/ledger/trial-balance',
        '/v1/ledger/verify',
      ]) {
        await expectProblem(await f.h.request(path), 401, 'unauthenticated');
        await expectProblem(
          await f.h.request(path, { token: 'kdl_notarealtokennotarealtokennotareal' }),
          401,
          'unauthenticated',
        );
      }
      expect((await f.h.request('/health')).status).toBe(200);
      const doc = await body(await f.h.request('/openapi.json'));
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/v1/entries',
          '/v1/accounts/{code}',
          '/v1/ledger/verify',
          '/v1/entries/{id}/reversal',
        ]),
      );
      const docs = await f.h.request('/docs');
      expect(docs.status).toBe(200);
      const html = await docs.text();
      expect(html).toContain('/v1/ledger/trial-balance');
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
    });

    it('refuses expired and revoked tokens', async () => {
      const f = await ledgerFixture(await make());
      const expiring = await f.h.token('auditor', { expiresAt: '2026-06-02T00:00:00.000Z' });
      expect((await f.h.request(`/v1/accounts/${f.bank}`, { token: expiring })).status).toBe(200);
      f.h.setNow('2026-06-02T00:00:01.000Z');
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}`, { token: expiring }),
        401,
        'unauthenticated',
      );
      const auditor = await f.h.token('auditor');
      const record = await f.h.store.findTokenByHash(
        (await import('../../src/runtime/hash.js')).sha256Hex(auditor),
      );
      await f.h.store.commit(() => [
        { kind: 'revoke_token', tokenId: record!.id, revokedAt: '2026-06-02T00:00:02.000Z' },
      ]);
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}`, { token: auditor }),
        401,
        'unauthenticated',
      );
    });

    it('lets auditors read everything in the ledger and write nothing', async () => {
      const f = await ledgerFixture(await make());
      const entry = await body(
        await f.post([
          [f.bank, '10.00'],
          [f.fund, '-10.00'],
        ]),
      );
      const auditor = await f.h.token('auditor');
      for (const path of [
        `/v1/accounts/${f.bank}`,
        `/v1/accounts?prefix=alliance:${f.h.alliance}`,
        `/v1/accounts/${f.bank}/postings`,
        `/v1/entries/${entry.id}`,
        '/v1/ledger/trial-balance',
        '/v1/ledger/verify',
      ]) {
        expect((await f.h.request(path, { token: auditor })).status, path).toBe(200);
      }
      const before = await f.snapshot();
      await expectProblem(
        await f.h.request('/v1/entries', {
          method: 'POST',
          token: auditor,
          key: newKey(),
          json: {
            effectiveDate: '2026-05-01',
            description: 'x',
            reasonCode: 'manual_adjustment',
            postings: [
              { account: f.bank, amount: '1.00' },
              { account: f.fund, amount: '-1.00' },
            ],
          },
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.h.request(`/v1/entries/${entry.id}/reversal`, {
          method: 'POST',
          token: auditor,
          key: newKey(),
          json: { reason: 'x' },
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.h.request('/v1/accounts', {
          method: 'POST',
          token: auditor,
          json: { code: `alliance:${f.h.alliance}:z`, type: 'asset' },
        }),
        403,
        'forbidden',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('keeps panel members and holders away from manual entries, and holders out of the ledger', async () => {
      const f = await ledgerFixture(await make());
      const panel = await f.h.token('panel');
      const holder = await f.h.token('holder', { holder: 'hld_1' });
      const json = {
        effectiveDate: '2026-05-01',
        description: 'x',
        reasonCode: 'manual_adjustment',
        postings: [
          { account: f.bank, amount: '1.00' },
          { account: f.fund, amount: '-1.00' },
        ],
      };
      await expectProblem(
        await f.h.request('/v1/entries', { method: 'POST', token: panel, key: newKey(), json }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.h.request('/v1/entries', { method: 'POST', token: holder, key: newKey(), json }),
        403,
        'forbidden',
      );
      expect((await f.h.request(`/v1/accounts/${f.fund}`, { token: panel })).status).toBe(200);
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.fund}`, { token: holder }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.h.request('/v1/ledger/trial-balance', { token: holder }),
        403,
        'forbidden',
      );
    });

    it("never shows or touches another alliance's accounts and entries", async () => {
      const f = await ledgerFixture(await make());
      const entry = await body(
        await f.post([
          [f.bank, '10.00'],
          [f.fund, '-10.00'],
        ]),
      );
      const outsider = await f.h.token('coordinator', { alliance: f.h.otherAlliance });
      const outsideAuditor = await f.h.token('auditor', { alliance: f.h.otherAlliance });
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}`, { token: outsideAuditor }),
        404,
        'account_not_found',
      );
      await expectProblem(
        await f.h.request(`/v1/accounts/${f.bank}/postings`, { token: outsideAuditor }),
        404,
        'account_not_found',
      );
      await expectProblem(
        await f.h.request(`/v1/entries/${entry.id}`, { token: outsideAuditor }),
        404,
        'entry_not_found',
      );
      const listed = await body(
        await f.h.request(`/v1/accounts?prefix=alliance:${f.h.alliance}`, {
          token: outsideAuditor,
        }),
      );
      expect(listed.items).toEqual([]);
      const tb = await body(
        await f.h.request('/v1/ledger/trial-balance', { token: outsideAuditor }),
      );
      expect(tb.accounts).toEqual([]);
      const before = await f.snapshot();
      await expectProblem(
        await f.h.request('/v1/entries', {
          method: 'POST',
          token: outsider,
          key: newKey(),
          json: {
            effectiveDate: '2026-05-01',
            description: 'x',
            reasonCode: 'manual_adjustment',
            postings: [
              { account: f.fund, amount: '10.00' },
              { account: f.bank, amount: '-10.00' },
            ],
          },
        }),
        422,
        'unknown_account',
      );
      await expectProblem(
        await f.h.request(`/v1/entries/${entry.id}/reversal`, {
          method: 'POST',
          token: outsider,
          key: newKey(),
          json: { reason: 'x' },
        }),
        404,
        'entry_not_found',
      );
      expect(await f.snapshot()).toEqual(before);
    });
  });
}
