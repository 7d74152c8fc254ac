import type { Hasher } from '../context.js';
import { sumMinor } from '../money.js';
import type { AccountBalanceRow, BrokenLink, Tallies, Tally } from './checkpoints.js';
import { entryHashInput } from './hash.js';
import type { ChainHead, Entry } from './model.js';

/** A report names at most this many accounts whose balance differs from its postings. */
export const MAX_MISMATCHES = 20;

const emptyTally = (): Tally => ({
  entries: 0,
  lastSeq: 0,
  lastSealedAt: null,
  firstBrokenLink: null,
  mismatches: [],
});

export function copyTallies(tallies: Tallies): Tallies {
  return structuredClone(tallies);
}

export function tallyOf(tallies: Tallies, allianceId: string): Tally {
  let tally = tallies[allianceId];
  if (!tally) {
    tally = emptyTally();
    tallies[allianceId] = tally;
  }
  return tally;
}

/**
 * Walks `entries` on from `from`, counting each into its alliance's tally. After a broken link
 * the walk goes on from the stored hash, so every alliance's first problem is found in one pass
 * (one tampered entry breaks only its own alliance's report, not its neighbours'). Pure, so a
 * walk split into any pages ends exactly where one walk over all of them does.
 */
export function walkChain(
  hasher: Hasher,
  from: ChainHead,
  entries: readonly Entry[],
  tallies: Tallies,
): { head: ChainHead; broken: boolean } {
  let previous = from;
  let broken = false;
  for (const entry of entries) {
    const tally = tallyOf(tallies, entry.allianceId);
    const problem = checkLink(hasher, previous, entry);
    if (problem) {
      broken = true;
      tally.firstBrokenLink ??= problem;
    }
    tally.entries += 1;
    tally.lastSeq = entry.seq;
    tally.lastSealedAt = entry.recordedAt;
    previous = { seq: entry.seq, hash: entry.hash };
  }
  return { head: previous, broken };
}

/** Counts accounts whose stored balance differs from their postings into their alliances. */
export function addMismatches(tallies: Tallies, rows: readonly AccountBalanceRow[]): number {
  let found = 0;
  for (const row of rows) {
    if (row.storedMinor === row.postedMinor) continue;
    found += 1;
    const tally = tallyOf(tallies, row.allianceId);
    if (tally.mismatches.length < MAX_MISMATCHES)
      tally.mismatches.push({
        account: row.code,
        storedMinor: row.storedMinor,
        postedMinor: row.postedMinor,
      });
  }
  return found;
}

/** The first thing wrong with `entry` as the successor of `previous`, or null. */
export function checkLink(hasher: Hasher, previous: ChainHead, entry: Entry): BrokenLink | null {
  const at = { seq: entry.seq, entryId: entry.id };
  if (entry.seq !== previous.seq + 1)
    return {
      ...at,
      problem: 'sequence_gap',
      expected: String(previous.seq + 1),
      found: String(entry.seq),
    };
  if (entry.prevHash !== previous.hash)
    return {
      ...at,
      problem: 'previous_hash_mismatch',
      expected: previous.hash,
      found: entry.prevHash,
    };
  const recomputed = hasher(entryHashInput(entry));
  if (recomputed !== entry.hash)
    return { ...at, problem: 'hash_mismatch', expected: recomputed, found: entry.hash };
  if (entry.postings.length < 2)
    return {
      ...at,
      problem: 'too_few_postings',
      expected: '2 or more',
      found: String(entry.postings.length),
    };
  const total = sumMinor(entry.postings.map((p) => p.amountMinor));
  if (total !== 0)
    return { ...at, problem: 'entry_unbalanced', expected: '0', found: String(total) };
  return null;
}
