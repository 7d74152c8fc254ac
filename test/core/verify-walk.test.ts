import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tallies } from '../../src/core/ledger/checkpoints.js';
import { sealEntry } from '../../src/core/ledger/hash.js';
import { GENESIS, type ChainHead, type Entry } from '../../src/core/ledger/model.js';
import { walkChain } from '../../src/core/ledger/verify-walk.js';
import { sha256Hex } from '../../src/runtime/hash.js';

/** A sealed chain of `n` entries across three alliances. */
function chain(n: number): Entry[] {
  const entries: Entry[] = [];
  let head: ChainHead = GENESIS;
  for (let i = 0; i < n; i++) {
    const alliance = `a${i % 3}`;
    const entry = sealEntry(sha256Hex, head, {
      id: `ent_${i}`,
      allianceId: alliance,
      effectiveDate: '2026-05-01',
      recordedAt: `2026-05-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
      description: 'x',
      actor: 'tok_x',
      reasonCode: 'manual_adjustment',
      reversesEntryId: null,
      postings: [
        { line: 1, accountCode: `alliance:${alliance}:bank`, amountMinor: 100 + i },
        { line: 2, accountCode: `alliance:${alliance}:fund`, amountMinor: -(100 + i) },
      ],
    });
    entries.push(entry);
    head = { seq: entry.seq, hash: entry.hash };
  }
  return entries;
}

type Harm = { at: number; how: 'amount' | 'hash' | 'drop' | 'link' };

function harm(entries: Entry[], harms: Harm[]): Entry[] {
  const out = entries.map((e) => structuredClone(e));
  const dropped = new Set<number>();
  for (const { at, how } of harms) {
    const e = out[at % out.length]!;
    if (how === 'amount') e.postings[0]!.amountMinor += 1;
    if (how === 'hash') e.hash = 'f'.repeat(64);
    if (how === 'link') e.prevHash = 'e'.repeat(64);
    if (how === 'drop') dropped.add(at % out.length);
  }
  return out.filter((_, i) => !dropped.has(i));
}

/** Walks `entries` in pages cut at `cuts`, carrying head and tallies between pages. */
function walkInPages(entries: Entry[], cuts: number[]) {
  const points = [...new Set(cuts.map((c) => c % (entries.length + 1)))].sort((a, b) => a - b);
  const tallies: Tallies = {};
  let head = GENESIS;
  let broken = false;
  let start = 0;
  for (const end of [...points, entries.length]) {
    const page = entries.slice(start, end);
    const walked = walkChain(sha256Hex, head, page, tallies);
    head = walked.head;
    broken ||= walked.broken;
    start = Math.max(start, end);
  }
  return { head, broken, tallies };
}

describe('walking the chain', () => {
  it('finds every alliance’s first problem the same in any split into pages as in one pass', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(
          fc.record({
            at: fc.nat(),
            how: fc.constantFrom('amount', 'hash', 'drop', 'link') as fc.Arbitrary<Harm['how']>,
          }),
          { maxLength: 3 },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        (n, harms, cuts) => {
          const entries = n === 0 ? [] : harm(chain(n), harms);
          expect(walkInPages(entries, cuts)).toEqual(walkInPages(entries, []));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('passes an untouched chain and pins each harm on the entry that was changed', () => {
    const entries = chain(9);
    expect(walkInPages(entries, [4]).broken).toBe(false);
    const walked = walkInPages(harm(entries, [{ at: 4, how: 'amount' }]), [2, 7]);
    expect(walked.broken).toBe(true);
    // ent_4 is alliance a1's; a0 and a2 stay intact although the chain runs through a1.
    expect(walked.tallies.a1!.firstBrokenLink).toMatchObject({
      entryId: 'ent_4',
      problem: 'hash_mismatch',
    });
    expect(walked.tallies.a0!.firstBrokenLink).toBeNull();
    expect(walked.tallies.a2!.firstBrokenLink).toBeNull();
    expect(
      walkInPages(harm(entries, [{ at: 4, how: 'hash' }]), []).tallies.a2!.firstBrokenLink,
    ).toMatchObject({ entryId: 'ent_5', problem: 'previous_hash_mismatch' });
    expect(
      walkInPages(harm(entries, [{ at: 3, how: 'drop' }]), []).tallies.a1!.firstBrokenLink,
    ).toMatchObject({ entryId: 'ent_4', problem: 'sequence_gap' });
  });
});
