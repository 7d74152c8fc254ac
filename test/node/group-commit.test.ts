/**
 * Group commit on Node (src/store/node-store.ts): commits asked for in one turn of the event loop
 * share one transaction, each inside its own SAVEPOINT. These tests prove that a group really
 * forms, that a refused commit in it fails alone with its own reason, and that a group leaves
 * exactly what the same commits would have left one by one.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealEntry } from '../../src/core/ledger/hash.js';
import type { ChainHead } from '../../src/core/ledger/model.js';
import { StoreRejection, type Write } from '../../src/core/store.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite, type GroupReport } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, expectProblem, ledgerFixture } from '../contract/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-group-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ALLIANCE = 'grp';
const BANK = `alliance:${ALLIANCE}:bank`; // asset, may go negative
const FUND = `alliance:${ALLIANCE}:fund`; // fund, may not go below zero
const NOWHERE = `alliance:${ALLIANCE}:never-opened`;
const AT = '2026-06-01T10:00:00.000Z';

/** One commit of the test: money into the fund, out of it, or a commit the database refuses. */
type Op =
  | { kind: 'fill'; pence: number }
  | { kind: 'spend'; pence: number }
  | { kind: 'reuse_key'; of: number }
  | { kind: 'unknown_account' };

async function openStore(options: { maxGroup?: number } = {}) {
  const groups: GroupReport[] = [];
  const opened = openSqlite({
    path: join(dir, `g-${++files}.sqlite`),
    group: { ...options, onGroup: (g) => groups.push(g) },
  });
  await opened.store.commit(() =>
    [
      { code: BANK, type: 'asset' as const, allowNegative: true },
      { code: FUND, type: 'fund' as const, allowNegative: false },
    ].map(
      (a): Write => ({
        kind: 'open_account',
        account: { ...a, allianceId: ALLIANCE, name: null, createdAt: AT },
      }),
    ),
  );
  groups.length = 0;
  return { ...opened, groups };
}

/** The writes of op `i`: a sealed entry on `head` and its idempotency record (key `k<i>`). */
function build(op: Op, i: number) {
  return (head: ChainHead): Write[] => {
    const key = op.kind === 'reuse_key' ? `k${op.of}` : `k${i}`;
    const [debit, credit, pence] =
      op.kind === 'fill'
        ? [BANK, FUND, op.pence]
        : op.kind === 'spend'
          ? [FUND, BANK, op.pence]
          : op.kind === 'unknown_account'
            ? [NOWHERE, BANK, 100]
            : [BANK, FUND, 100];
    const entry = sealEntry(sha256Hex, head, {
      id: `ent_${String(i).padStart(4, '0')}`,
      allianceId: ALLIANCE,
      effectiveDate: '2026-05-01',
      recordedAt: AT,
      description: `Group test ${i}`,
      actor: 'tok_test',
      reasonCode: 'manual_adjustment',
      reversesEntryId: null,
      postings: [
        { line: 1, accountCode: debit, amountMinor: pence },
        { line: 2, accountCode: credit, amountMinor: -pence },
      ],
    });
    const record = {
      allianceId: ALLIANCE,
      key,
      fingerprint: `fp${i}`,
      status: 201,
      responseJson: JSON.stringify({ id: entry.id }),
      createdAt: AT,
    };
    return [
      { kind: 'entry', entry },
      { kind: 'idempotency', record },
    ];
  };
}

/** How each commit ended: 'ok' or the reason the database gave. */
const outcome = (result: PromiseSettledResult<void>) =>
  result.status === 'fulfilled'
    ? 'ok'
    : result.reason instanceof StoreRejection
      ? result.reason.reason
      : `error: ${String(result.reason)}`;

/** Everything the commits leave behind that a reader could see. */
function state(sqlite: ReturnType<typeof openSqlite>['sqlite']) {
  return {
    accounts: sqlite
      .prepare('SELECT code, balance_minor, posting_count FROM accounts ORDER BY code')
      .all(),
    entries: sqlite.prepare('SELECT id, seq, prev_hash, hash FROM entries ORDER BY seq').all(),
    postings: sqlite
      .prepare('SELECT entry_id, line, account_id, amount_minor FROM postings ORDER BY id')
      .all(),
    keys: sqlite
      .prepare('SELECT key, fingerprint, response_json FROM idempotency_keys ORDER BY key')
      .all(),
  };
}

describe('group commit on Node', () => {
  it('commits a turn of requests as one group, and refuses only the bad one in it', async () => {
    const { store, sqlite, groups } = await openStore();
    const ops: Op[] = [
      { kind: 'fill', pence: 1_000 },
      { kind: 'spend', pence: 400 },
      { kind: 'spend', pence: 700 }, // the fund holds 600: the balance trigger refuses it
      { kind: 'spend', pence: 600 },
      { kind: 'reuse_key', of: 0 }, // the idempotency key's primary key refuses it
      { kind: 'unknown_account' }, // no such account: a NOT NULL constraint refuses it
      { kind: 'fill', pence: 50 },
    ];
    // Asked for in one turn, with no await between: one group.
    const results = await Promise.allSettled(ops.map((op, i) => store.commit(build(op, i))));
    expect(results.map(outcome)).toEqual([
      'ok',
      'ok',
      'balance_rule',
      'ok',
      'idempotency_key_taken',
      'unknown_account',
      'ok',
    ]);
    expect(groups).toEqual([expect.objectContaining({ size: 7, refused: 3 })]);
    const after = state(sqlite);
    expect(after.entries.map((e) => (e as { id: string }).id)).toEqual([
      'ent_0000',
      'ent_0001',
      'ent_0003',
      'ent_0006',
    ]);
    expect((await store.getAccount(FUND))?.balanceMinor).toBe(-50); // credit-normal: £0.50 held
    expect(await store.balanceMismatches(5)).toEqual([]);
    sqlite.close();
  });

  it('splits a long queue into groups of at most the cap', async () => {
    const { store, sqlite, groups } = await openStore({ maxGroup: 4 });
    const ops = Array.from({ length: 10 }, (): Op => ({ kind: 'fill', pence: 1 }));
    await Promise.all(ops.map((op, i) => store.commit(build(op, i))));
    expect(groups.map((g) => g.size)).toEqual([4, 4, 2]);
    expect(state(sqlite).entries).toHaveLength(10);
    sqlite.close();
  });

  it('leaves exactly what the same commits leave one by one (property)', async () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .integer({ min: 1, max: 500 })
          .map((pence) => ({ kind: 'fill' as const, pence })),
      },
      {
        weight: 4,
        arbitrary: fc
          .integer({ min: 1, max: 900 })
          .map((pence) => ({ kind: 'spend' as const, pence })),
      },
      {
        weight: 1,
        arbitrary: fc.nat({ max: 30 }).map((of) => ({ kind: 'reuse_key' as const, of })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'unknown_account' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        async (ops, maxGroup) => {
          const grouped = await openStore({ maxGroup });
          const serial = await openStore({ maxGroup });
          try {
            const together = await Promise.allSettled(
              ops.map((o, i) => grouped.store.commit(build(o, i))),
            );
            const oneByOne: PromiseSettledResult<void>[] = [];
            for (const [i, o] of ops.entries()) {
              const [settled] = await Promise.allSettled([serial.store.commit(build(o, i))]);
              oneByOne.push(settled!);
            }
            expect(together.map(outcome)).toEqual(oneByOne.map(outcome));
            expect(state(grouped.sqlite)).toEqual(state(serial.sqlite));
            expect(serial.groups.every((g) => g.size === 1)).toBe(true);
            expect(grouped.groups.map((g) => g.size)).toEqual(
              Array.from({ length: Math.ceil(ops.length / maxGroup) }, (_, g) =>
                Math.min(maxGroup, ops.length - g * maxGroup),
              ),
            );
          } finally {
            grouped.sqlite.close();
            serial.sqlite.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('group commit over HTTP', () => {
  it('answers each request of a group for itself: the overdraft gets its own 409', async () => {
    const groups: GroupReport[] = [];
    const path = join(dir, `h-${++files}.sqlite`);
    const opened = openSqlite({ path, group: { onGroup: (g) => groups.push(g) } });
    const f = await ledgerFixture(await makeHarness('node', opened.store, () => opened.store));
    await f.post([
      [f.bank, '30.00'],
      [f.fund, '-30.00'],
    ]);
    groups.length = 0;
    const spend = (amount: string, key?: string) =>
      f.post(
        [
          [f.fund, amount],
          [f.income, `-${amount}`],
        ],
        key ? { key } : {},
      );
    const responses = await Promise.all([
      spend('10.00'),
      spend('10.00', 'same-key'),
      spend('10.00', 'same-key'),
      spend('25.00'), // £30 - £20 leaves £10: refused
      spend('10.00'),
    ]);
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 409, 201]);
    await expectProblem(responses[3]!, 409, 'balance_rule_violated');
    // The racing same-key request was refused by the key's primary key inside the group and
    // replays the winner, read after the group committed.
    const [first, second] = [await body(responses[1]!), await body(responses[2]!)];
    expect(second.id).toBe(first.id);
    expect(groups.some((g) => g.size > 1 && g.refused > 0)).toBe(true);
    expect(await f.balance(f.fund)).toBe('0.00');
    const verify = await body(await f.h.request('/v1/ledger/verify', { token: f.coordinator }));
    expect(verify.ok).toBe(true);
    opened.sqlite.close();
  });
});
