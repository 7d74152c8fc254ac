import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { body, expectProblem, ledgerFixture, type LedgerFixture } from './helpers.js';

/**
 * Goes around the API and the triggers, as someone holding the database file could: drops the
 * guards, runs `statements`, and puts the guards back exactly as they were (on D1 every test in a
 * file shares one database, so nothing may stay unguarded).
 */
export async function tamper(h: Harness, statements: string[]) {
  const guards = ['entries_no_update', 'postings_no_update'];
  const rows = (await h.store.db.all(
    sql.raw(
      `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('${guards.join("', '")}')`,
    ),
  )) as { sql: string }[];
  expect(rows).toHaveLength(guards.length);
  await h.store.executeRaw([
    ...guards.map((g) => ({ sql: `DROP TRIGGER ${g}`, params: [] })),
    ...statements.map((s) => ({ sql: s, params: [] })),
    ...rows.map((r) => ({ sql: r.sql, params: [] })),
  ]);
}

async function world(h: Harness) {
  const f = await ledgerFixture(h);
  const ids: string[] = [];
  const post = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const res = await f.post([
        [f.bank, `${ids.length + 1}.00`],
        [f.fund, `-${ids.length + 1}.00`],
      ]);
      expect(res.status, await res.clone().text()).toBe(201);
      ids.push((await body(res)).id);
    }
  };
  const seqOf = async (id: string) => (await h.store.getEntry(id))!.seq;
  const verify = async (token = f.coordinator) =>
    body(await h.request('/v1/ledger/verify', { token }));
  return { f, h, ids, post, seqOf, verify, full: (limit: number) => fullRun(f, limit) };
}

/** Every page of a full re-check, following nextCursor to the end. */
async function fullRun(f: LedgerFixture, limit: number, token = f.coordinator) {
  const pages = [];
  let after: string | null = null;
  do {
    const query: string = after ? `&after=${after}` : '';
    const res = await f.h.request(`/v1/ledger/verify/full?limit=${limit}${query}`, { token });
    expect(res.status, await res.clone().text()).toBe(200);
    const page = await body(res);
    pages.push(page);
    after = page.nextCursor;
    expect(pages.length).toBeLessThan(2_000);
  } while (after);
  return pages;
}

/** The verdict of a check without what differs between runs (ids, times, what was newly read). */
const verdict = (r: any) => ({
  ok: r.ok,
  entriesChecked: r.entriesChecked,
  firstBrokenLink: r.firstBrokenLink,
  balanceMismatches: r.balanceMismatches,
  alliances: r.alliances.map(({ newlyChecked: _, ...a }: any) => a),
});

/** Incremental verify from checkpoints, and the full re-check in pages, on a runtime. */
export function verifyContract(make: () => Promise<Harness>) {
  describe('verify from checkpoints', () => {
    it('records a checkpoint, then reads only the entries added since, from its hash', async () => {
      const w = await world(await make());
      await w.post(3);
      const first = await w.verify();
      expect(first).toMatchObject({ ok: true, kind: 'incremental', complete: true });
      expect(first).toMatchObject({ entriesChecked: 3, newlyChecked: 3 });
      expect(first.head).toEqual(await w.h.store.chainHead());
      await w.post(2);
      const second = await w.verify();
      expect(second).toMatchObject({ ok: true, entriesChecked: 5, newlyChecked: 2 });
      expect(second.checkpoint.fromSeq).toBe(first.checkpoint.throughSeq);
      expect(second.checkpoint.throughSeq).toBe(await w.seqOf(w.ids[4]!));
      const saved = await w.h.store.checkpoints.get(Number(second.checkpoint.id.slice(5)));
      const coordinatorToken = (await w.h.store.getEntry(w.ids[0]!))!.actor;
      expect(saved).toMatchObject({
        kind: 'incremental',
        previousId: Number(first.checkpoint.id.slice(5)),
        ok: true,
        checkedBy: coordinatorToken,
        throughHash: second.head.hash,
      });
      expect(second.alliances).toEqual([
        expect.objectContaining({
          allianceId: w.h.alliance,
          intact: true,
          entriesChecked: 5,
          lastSealedSeq: second.checkpoint.throughSeq,
        }),
      ]);
    });

    it('finds an entry altered after the checkpoint, and passes again once it is put back', async () => {
      const w = await world(await make());
      await w.post(2);
      expect((await w.verify()).ok).toBe(true);
      await w.post(2);
      const altered = w.ids[3]!;
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor * 10 WHERE entry_id = '${altered}' AND line = 1`,
      ]);
      const report = await w.verify();
      expect(report.ok).toBe(false);
      expect(report.firstBrokenLink).toMatchObject({ entryId: altered, problem: 'hash_mismatch' });
      expect(report.alliances[0]).toMatchObject({ intact: false });
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor / 10 WHERE entry_id = '${altered}' AND line = 1`,
      ]);
      // The failed check moved no checkpoint: the next one starts again from the last good one.
      expect(await w.verify()).toMatchObject({ ok: true, entriesChecked: 4, newlyChecked: 2 });
    });

    it('leaves older tampering to the full re-check, which finds it on the right page', async () => {
      const w = await world(await make());
      await w.post(7);
      expect((await w.verify()).ok).toBe(true);
      const altered = w.ids[2]!;
      const seq = await w.seqOf(altered);
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor + 1 WHERE entry_id = '${altered}' AND line = 1`,
      ]);
      // Incremental: nothing new since the checkpoint, so nothing old is read again.
      expect(await w.verify()).toMatchObject({ ok: true, newlyChecked: 0 });
      const pages = await w.full(3);
      const firstBad = pages.findIndex((p) => p.firstBrokenLink !== null);
      const page = pages[firstBad];
      expect(page.firstBrokenLink).toMatchObject({ entryId: altered, problem: 'hash_mismatch' });
      expect(page.checkpoint.fromSeq).toBeLessThan(seq);
      expect(page.checkpoint.throughSeq).toBeGreaterThanOrEqual(seq);
      expect(pages.at(-1)).toMatchObject({ ok: false, complete: true, nextCursor: null });
      expect(pages.at(-1).checkpoint.phase).toBe('done');
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor - 1 WHERE entry_id = '${altered}' AND line = 1`,
      ]);
      expect((await w.full(5_000)).at(-1)).toMatchObject({ ok: true, complete: true });
    });

    it('fails when the entry a checkpoint names no longer has the recorded hash', async () => {
      const w = await world(await make());
      await w.post(3);
      const checked = await w.verify();
      const last = w.ids[2]!;
      const real = checked.head.hash as string;
      await tamper(w.h, [`UPDATE entries SET hash = '${'e'.repeat(64)}' WHERE id = '${last}'`]);
      const report = await w.verify();
      expect(report).toMatchObject({ ok: false, newlyChecked: 0 });
      expect(report.firstBrokenLink).toMatchObject({
        seq: checked.head.seq,
        entryId: last,
        problem: 'checkpoint_mismatch',
        expected: real,
        found: 'e'.repeat(64),
      });
      await tamper(w.h, [`UPDATE entries SET hash = '${real}' WHERE id = '${last}'`]);
      expect((await w.verify()).ok).toBe(true);
    });

    it('leaves stored balances to the full re-check, which compares every account', async () => {
      const w = await world(await make());
      await w.post(2);
      await w.verify();
      // balance_minor has no guard trigger (the seal moves it), only its CHECK rule.
      const shift = (by: number) =>
        w.h.store.executeRaw([
          {
            sql: 'UPDATE accounts SET balance_minor = balance_minor + ? WHERE code = ?',
            params: [by, w.f.bank],
          },
        ]);
      await shift(100);
      expect((await w.verify()).ok).toBe(true);
      const pages = await w.full(2);
      expect(pages.at(-1)).toMatchObject({
        ok: false,
        firstBrokenLink: null,
        balanceMismatches: [{ account: w.f.bank, stored: '4.00', posted: '3.00' }],
      });
      // Not even once the account is posted to again: balances are the full re-check's.
      await w.post(1);
      expect((await w.verify()).ok).toBe(true);
      await shift(-100);
      expect((await w.full(5_000)).at(-1)).toMatchObject({ ok: true, balanceMismatches: [] });
    });

    it('gives the same answer in pages of any size as in one pass', async () => {
      const w = await world(await make());
      await w.post(5);
      const altered = w.ids[1]!;
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor * 3 WHERE entry_id = '${altered}' AND line = 2`,
      ]);
      const one = (await w.full(5_000)).at(-1);
      for (const limit of [1, 2, 4])
        expect(verdict((await w.full(limit)).at(-1))).toEqual(verdict(one));
      expect(one.firstBrokenLink).toMatchObject({ entryId: altered });
      await tamper(w.h, [
        `UPDATE postings SET amount_minor = amount_minor / 3 WHERE entry_id = '${altered}' AND line = 2`,
      ]);
    });

    it('shows each alliance its own books only, and refuses those who do not read the ledger', async () => {
      const w = await world(await make());
      await w.post(2);
      const other = await w.h.token('auditor', { alliance: w.h.otherAlliance });
      const theirs = await w.verify(other);
      expect(theirs.alliances.map((a: any) => a.allianceId)).toEqual([w.h.otherAlliance]);
      expect(theirs).toMatchObject({ ok: true, entriesChecked: 0 });
      const auditor = await w.h.token('auditor');
      const panel = await w.h.token('panel');
      for (const token of [auditor, panel]) {
        const mine = await w.verify(token);
        expect(mine.alliances.map((a: any) => a.allianceId)).toEqual([w.h.alliance]);
        expect(mine.entriesChecked).toBe(2);
      }
      for (const role of ['holder', 'broker'] as const) {
        const token = await w.h.token(role);
        await expectProblem(await w.h.request('/v1/ledger/verify', { token }), 403, 'forbidden');
        await expectProblem(
          await w.h.request('/v1/ledger/verify/full', { token }),
          403,
          'forbidden',
        );
      }
      await expectProblem(await w.h.request('/v1/ledger/verify/full'), 401, 'unauthenticated');
    });

    it('refuses a cursor it did not give, or one whose re-check is finished', async () => {
      const w = await world(await make());
      await w.post(1);
      const token = w.f.coordinator;
      for (const after of ['nonsense', 'vchk_999999999'])
        await expectProblem(
          await w.h.request(`/v1/ledger/verify/full?after=${after}`, { token }),
          422,
          'invalid_cursor',
        );
      const incremental = (await w.verify()).checkpoint.id;
      const done = (await w.full(5_000)).at(-1).checkpoint.id;
      for (const after of [incremental, done])
        await expectProblem(
          await w.h.request(`/v1/ledger/verify/full?after=${after}`, { token }),
          422,
          'invalid_cursor',
        );
      await expectProblem(await w.h.request('/v1/ledger/verify/full?limit=5001', { token }), 422);
    });
  });
}
