import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealEntry } from '../../src/core/ledger/hash.js';
import { GENESIS, type ChainHead, type Entry } from '../../src/core/ledger/model.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { entriesStatements, entryStatements } from '../../src/store/entry-statements.js';
import { openSqlite } from '../../src/store/node-store.js';
import type { Statement } from '../../src/store/sqlite-store.js';

const ALLIANCE = 'all_grouped';
const CODES = [
  `alliance:${ALLIANCE}:bank`,
  `alliance:${ALLIANCE}:fund:sparks`,
  `alliance:${ALLIANCE}:expense:travel`,
];
const DAYS = ['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04'];

/** A migrated ledger: a bank that may go negative, a fund and an expense that may not. */
function migrated() {
  const { sqlite } = openSqlite({ path: ':memory:' });
  const open = sqlite.prepare(
    'INSERT INTO accounts (code, type, normal_side, allow_negative, alliance_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const ids = [
    open.run(CODES[0], 'asset', 'debit', 1, ALLIANCE, '2026-01-01T00:00:00.000Z'),
    open.run(CODES[1], 'fund', 'credit', 0, ALLIANCE, '2026-01-01T00:00:00.000Z'),
    open.run(CODES[2], 'expense', 'debit', 0, ALLIANCE, '2026-01-01T00:00:00.000Z'),
  ].map((r) => Number(r.lastInsertRowid));
  const image = sqlite.serialize();
  sqlite.close();
  return { image, ids };
}
const template = migrated();

/** A fresh copy of it (migrating anew for each of hundreds of runs took 20 ms each). */
function ledger() {
  const sqlite = new Database(template.image);
  sqlite.pragma('foreign_keys = ON');
  return { sqlite, ids: template.ids };
}

/** One line moving `minor` into account `to` out of account `from` (indexes into CODES). */
type Move = { day: number; from: number; to: number; minor: number };

function sealAll(moves: Move[], ids: number[], head: ChainHead, start: number): Entry[] {
  let at = head;
  return moves.map((m, i) => {
    const entry = sealEntry(sha256Hex, at, {
      id: `ent_${String(start + i).padStart(8, '0')}`,
      allianceId: ALLIANCE,
      effectiveDate: DAYS[m.day]!,
      recordedAt: '2026-06-01T10:00:00.000Z',
      description: `Move ${start + i}`,
      actor: 'tok_test',
      reasonCode: 'manual_adjustment',
      reversesEntryId: null,
      postings: [
        { line: 1, accountCode: CODES[m.to]!, accountId: ids[m.to], amountMinor: m.minor },
        { line: 2, accountCode: CODES[m.from]!, accountId: ids[m.from], amountMinor: -m.minor },
      ],
    });
    at = entry;
    return entry;
  });
}

/** Writes the statements in one transaction: the refusal's message, or null and what is kept. */
function write(sqlite: Database.Database, statements: Statement[]) {
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    for (const s of statements) sqlite.prepare(s.sql).run(...(s.params as unknown[]));
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    return { refused: (error as Error).message };
  }
  return {
    refused: null,
    accounts: sqlite.prepare('SELECT id, balance_minor, posting_count FROM accounts').all(),
    days: sqlite.prepare('SELECT * FROM account_days ORDER BY 1, 2').all(),
    totals: sqlite.prepare('SELECT * FROM reason_totals ORDER BY 1, 2, 3').all(),
  };
}

const head = (sqlite: Database.Database): ChainHead =>
  (sqlite.prepare('SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1').get() as
    | ChainHead
    | undefined) ?? GENESIS;

const oneByOne = (entries: Entry[]) => entries.flatMap((e) => entryStatements(e));

describe('entries written together (entriesStatements)', () => {
  it('groups runs of entries dated the same or earlier, at most 8, and no more than D1 binds', () => {
    const { ids } = ledger();
    const days = [3, 3, 2, 2, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
    const entries = sealAll(
      days.map((day) => ({ day, from: 0, to: 1, minor: 100 })),
      ids,
      GENESIS,
      0,
    );
    const statements = entriesStatements(entries);
    const groups = statements
      .filter((s) => s.sql.startsWith('INSERT INTO entries'))
      .map((s) => s.params.length / 12);
    // 3,3,2,2,2,0,0 (7, none later than the one before); 1 is later than 0: a new group, of 8
    // (the most), then the last two ones and the 0 after them.
    expect(groups).toEqual([7, 8, 3]);
    for (const s of statements) expect(s.params.length).toBeLessThanOrEqual(100);
    const rows = statements
      .filter((s) => s.sql.startsWith('INSERT INTO postings'))
      .map((s) => s.params.length / 5);
    expect(rows).toEqual([14, 16, 6]);
    // The entries dated one after another, each later: one at a time, as before.
    const rising = sealAll(
      [0, 1, 2, 3].map((day) => ({ day, from: 0, to: 1, minor: 100 })),
      ids,
      GENESIS,
      0,
    );
    expect(entriesStatements(rising)).toEqual(oneByOne(rising));
    // Postings named only by code (not read by a batch) are written one entry at a time.
    const byCode = entries.map((e) => ({
      ...e,
      postings: e.postings.map(({ accountId: _, ...p }) => p),
    }));
    expect(entriesStatements(byCode)).toEqual(oneByOne(byCode));
  });

  it('refuses and keeps exactly what writing them one at a time does, in any order of dates', () => {
    const move = fc.record({
      day: fc.integer({ min: 0, max: DAYS.length - 1 }),
      from: fc.integer({ min: 0, max: 2 }),
      to: fc.integer({ min: 0, max: 2 }),
      minor: fc.integer({ min: 1, max: 400 }),
    });
    const distinct = (m: Move) => m.from !== m.to;
    fc.assert(
      fc.property(
        fc.array(move.filter(distinct), { minLength: 0, maxLength: 6 }),
        fc.array(move.filter(distinct), { minLength: 1, maxLength: 24 }),
        (before, batch) => {
          const outcomes = [true, false].map((grouped) => {
            const { sqlite, ids } = ledger();
            // Money in first (bank to fund and expense), then what was there before the batch,
            // each entry on its own as a single posting writes it.
            const seed = sealAll(
              [
                { day: 0, from: 0, to: 1, minor: 500 },
                { day: 0, from: 0, to: 2, minor: 500 },
              ],
              ids,
              GENESIS,
              0,
            );
            write(sqlite, oneByOne(seed));
            for (const [i, m] of before.entries())
              write(sqlite, oneByOne(sealAll([m], ids, head(sqlite), 100 + i)));
            const entries = sealAll(batch, ids, head(sqlite), 1000);
            return write(sqlite, grouped ? entriesStatements(entries) : oneByOne(entries));
          });
          expect(outcomes[0]).toEqual(outcomes[1]);
        },
      ),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
