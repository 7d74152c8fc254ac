import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { body, expectProblem, ledgerFixture, newKey, type LedgerFixture } from './helpers.js';

type Line = [string, string];
const entry = (postings: Line[], date = '2026-05-01') => ({
  effectiveDate: date,
  description: 'Opening balance brought in',
  reasonCode: 'manual_adjustment',
  postings: postings.map(([account, amount]) => ({ account, amount })),
});

function postBatch(f: LedgerFixture, entries: unknown[], key: string | null = newKey()) {
  return f.h.request('/v1/entries/batch', {
    method: 'POST',
    token: f.coordinator,
    ...(key === null ? {} : { key }),
    json: { entries },
  });
}

/** `POST /v1/entries/batch`, on every runtime: all or nothing, idempotent, each entry checked. */
export function batchContract(make: () => Promise<Harness>) {
  describe('entries in a batch', () => {
    it('posts every entry in order onto the chain, atomically, and verify passes', async () => {
      const f = await ledgerFixture(await make());
      const res = await postBatch(f, [
        entry([
          [f.bank, '500.00'],
          [f.income, '-500.00'],
        ]),
        entry([
          [f.fund, '-120.00'],
          [f.bank, '120.00'],
        ]),
        entry([
          [f.expense, '75.25'],
          [f.bank, '-75.25'],
        ]),
      ]);
      expect(res.status, await res.clone().text()).toBe(201);
      const receipt = await body(res);
      expect(receipt.count).toBe(3);
      const seqs = receipt.entries.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
      expect(receipt.head.seq).toBe(seqs[2]);
      expect(await f.balance(f.bank)).toBe('544.75');
      expect(await f.balance(f.fund)).toBe('120.00');
      const posted = await body(
        await f.h.request(`/v1/entries/${receipt.entries[1].id}`, { token: f.coordinator }),
      );
      expect(posted.postings).toHaveLength(2);
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify).toMatchObject({ ok: true, balanceMismatches: [] });
    });

    it('writes nothing when one entry would overdraw, and names that entry', async () => {
      const f = await ledgerFixture(await make());
      const before = await f.snapshot();
      const res = await postBatch(f, [
        entry([
          [f.bank, '100.00'],
          [f.income, '-100.00'],
        ]),
        entry([
          [f.expense, '100.00'],
          [f.bank, '-100.00'],
        ]),
        entry([
          [f.expense, '0.01'],
          [f.bank, '-0.01'],
        ]),
      ]);
      const problem = await expectProblem(res, 409, 'balance_rule_violated');
      expect(problem.detail).toContain('Entry 3 of the batch');
      expect(await f.snapshot()).toEqual(before);
    });

    it('judges each entry on its own date, whichever order the dates come in', async () => {
      // The fund holds 100.00 from 1 May. Sent earliest first: 100.00 out on 10 May, then 50.00
      // in on 20 May. Latest first: 50.00 in on 20 May, then 100.00 out on 10 May. Both leave the
      // fund at 0.00 on 10 May, and are taken.
      const spend = (amount: string, date: string) =>
        entry(
          [
            [f.fund, amount],
            [f.bank, `-${amount}`],
          ],
          date,
        );
      const receive = (amount: string, date: string) =>
        entry(
          [
            [f.bank, amount],
            [f.fund, `-${amount}`],
          ],
          date,
        );
      let f!: LedgerFixture;
      for (const order of ['earliest first', 'latest first']) {
        f = await ledgerFixture(await make());
        const seeded = await f.post(
          [
            [f.bank, '100.00'],
            [f.fund, '-100.00'],
          ],
          { date: '2026-05-01' },
        );
        expect(seeded.status).toBe(201);
        const both = [spend('100.00', '2026-05-10'), receive('50.00', '2026-05-20')];
        const res = await postBatch(f, order === 'earliest first' ? both : both.reverse());
        expect(res.status, `${order}: ${await res.clone().text()}`).toBe(201);
        expect(await f.balance(f.fund)).toBe('50.00');
      }
      // Then, latest first: 30.00 in on 25 May and 60.00 out on 15 May. The fund would end with
      // 20.00, but on 15 May it held nothing to spend: refused, and nothing of it written.
      const before = await f.snapshot();
      const problem = await expectProblem(
        await postBatch(f, [receive('30.00', '2026-05-25'), spend('60.00', '2026-05-15')]),
        409,
        'balance_rule_violated',
      );
      expect(problem.detail).toContain('on its date or on a later date');
      expect(await f.snapshot()).toEqual(before);
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify).toMatchObject({ ok: true, balanceMismatches: [] });
    });

    it('replays the same key and body, refuses the key with another body', async () => {
      const f = await ledgerFixture(await make());
      const key = newKey();
      const entries = [
        entry([
          [f.bank, '10.00'],
          [f.income, '-10.00'],
        ]),
      ];
      const first = await postBatch(f, entries, key);
      expect(first.status).toBe(201);
      const again = await postBatch(f, entries, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await body(again)).toEqual(await body(first));
      expect(await f.balance(f.bank)).toBe('10.00');
      const other = [
        entry([
          [f.bank, '11.00'],
          [f.income, '-11.00'],
        ]),
      ];
      await expectProblem(await postBatch(f, other, key), 409, 'idempotency_key_reused');
      expect(await f.balance(f.bank)).toBe('10.00');
    });

    it('refuses a batch with no key, an empty or oversized batch, and bad entries by place', async () => {
      const f = await ledgerFixture(await make());
      const good = entry([
        [f.bank, '1.00'],
        [f.income, '-1.00'],
      ]);
      await expectProblem(await postBatch(f, [good], null), 400, 'idempotency_key_required');
      await expectProblem(await postBatch(f, []), 422);
      await expectProblem(
        await postBatch(
          f,
          Array.from({ length: 1001 }, () => good),
        ),
        422,
      );
      const unbalanced = await expectProblem(
        await postBatch(f, [
          good,
          entry([
            [f.bank, '1.00'],
            [f.income, '-0.99'],
          ]),
        ]),
        422,
        'entry_unbalanced',
      );
      expect(JSON.stringify(unbalanced)).toContain('entries.1.postings');
      const unknown = await expectProblem(
        await postBatch(f, [
          good,
          entry([
            [`alliance:${f.h.alliance}:nowhere`, '1.00'],
            [f.income, '-1.00'],
          ]),
        ]),
        422,
        'unknown_account',
      );
      expect(JSON.stringify(unknown)).toContain('entries.1.postings.0.account');
      const future = await expectProblem(
        await postBatch(f, [
          good,
          entry(
            [
              [f.bank, '1.00'],
              [f.income, '-1.00'],
            ],
            '2027-01-01',
          ),
        ]),
        422,
        'future_date',
      );
      expect(JSON.stringify(future)).toContain('entries.1.effectiveDate');
      expect(await f.balance(f.bank)).toBe('0.00');
    });

    it('is for coordinators only', async () => {
      const f = await ledgerFixture(await make());
      for (const role of ['panel', 'auditor', 'holder'] as const) {
        const token = await f.h.token(role);
        const res = await f.h.request('/v1/entries/batch', {
          method: 'POST',
          token,
          key: newKey(),
          json: {
            entries: [
              entry([
                [f.bank, '1.00'],
                [f.income, '-1.00'],
              ]),
            ],
          },
        });
        expect([403, 404]).toContain(res.status);
      }
      expect(await f.balance(f.bank)).toBe('0.00');
    });

    it('takes the largest batch, 1,000 entries, in one request', async () => {
      const f = await ledgerFixture(await make());
      const entries = Array.from({ length: 1000 }, (_, i) =>
        entry([
          [f.bank, `${(i % 50) + 1}.01`],
          [f.income, `-${(i % 50) + 1}.01`],
        ]),
      );
      const res = await postBatch(f, entries);
      expect(res.status, await res.clone().text()).toBe(201);
      // 20 rounds of 1.01 + 2.01 + … + 50.01 = 20 × (1,275 + 0.50)
      expect(await f.balance(f.bank)).toBe('25510.00');
      const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
      expect(verify).toMatchObject({ ok: true, balanceMismatches: [] });
    }, 60_000);
  });
}
