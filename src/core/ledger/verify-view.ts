import { formatMinor } from '../money.js';
import type { BrokenLink, Checkpoint, Tally } from './checkpoints.js';

export interface AllianceBooks {
  allianceId: string;
  /** No broken link among its entries and every one of its balances matches its postings. */
  intact: boolean;
  entriesChecked: number;
  /** Of those, the ones read by this request. */
  newlyChecked: number;
  lastSealedSeq: number | null;
  lastSealedAt: string | null;
}

/** SQLite's own check of the database file (quick_check): the last page of a full re-check. */
export interface StorageCheck {
  check: 'quick_check';
  ok: boolean;
  problems: string[];
}

/** A check as its reader may see it: one alliance's books, or every alliance's (the operator). */
export interface VerifyView {
  ok: boolean;
  kind: Checkpoint['kind'];
  /** Incremental: the chain head was reached. Full: every entry and account has been checked. */
  complete: boolean;
  entriesChecked: number;
  newlyChecked: number;
  /** The last entry of the whole chain this check has verified up to, and its hash. */
  head: { seq: number; hash: string };
  firstBrokenLink: BrokenLink | null;
  balanceMismatches: { account: string; stored: string; posted: string }[];
  alliances: AllianceBooks[];
  checkpoint: {
    id: string;
    kind: Checkpoint['kind'];
    phase: Checkpoint['phase'];
    fromSeq: number;
    throughSeq: number;
    checkedAt: string;
  };
  /** Where the next page of a full re-check starts; null when there is nothing left to do. */
  nextCursor: string | null;
  /** On the last page of a full re-check only; null otherwise. */
  storage: StorageCheck | null;
}

const EMPTY: Tally = {
  entries: 0,
  lastSeq: 0,
  lastSealedAt: null,
  firstBrokenLink: null,
  mismatches: [],
};

/**
 * The report of `saved` for `scope`: an alliance sees its own books only (its entries, links and
 * balances), since a coordinator or auditor has no business with another alliance's; the
 * operator (scope null) sees every alliance.
 */
export function verifyView(
  saved: Checkpoint,
  previous: Checkpoint | null,
  scope: string | null,
  complete: boolean,
  storage: StorageCheck | null = null,
): VerifyView {
  const ids = scope === null ? Object.keys(saved.tallies).sort() : [scope];
  const alliances = ids.map((id): AllianceBooks => {
    const t = saved.tallies[id] ?? EMPTY;
    const before = previous?.tallies[id] ?? EMPTY;
    return {
      allianceId: id,
      intact: t.firstBrokenLink === null && t.mismatches.length === 0,
      entriesChecked: t.entries,
      newlyChecked: t.entries - before.entries,
      lastSealedSeq: t.entries > 0 ? t.lastSeq : null,
      lastSealedAt: t.lastSealedAt,
    };
  });
  const tallies = ids.map((id) => saved.tallies[id] ?? EMPTY);
  const breaks = tallies.flatMap((t) => (t.firstBrokenLink ? [t.firstBrokenLink] : []));
  return {
    ok: alliances.every((a) => a.intact) && storage?.ok !== false,
    kind: saved.kind,
    complete,
    entriesChecked: alliances.reduce((n, a) => n + a.entriesChecked, 0),
    newlyChecked: alliances.reduce((n, a) => n + a.newlyChecked, 0),
    head: { seq: saved.throughSeq, hash: saved.throughHash },
    firstBrokenLink: breaks.sort((a, b) => a.seq - b.seq)[0] ?? null,
    balanceMismatches: tallies.flatMap((t) =>
      t.mismatches.map((m) => ({
        account: m.account,
        stored: formatMinor(m.storedMinor),
        posted: formatMinor(m.postedMinor),
      })),
    ),
    alliances,
    checkpoint: {
      id: `vchk_${saved.id}`,
      kind: saved.kind,
      phase: saved.phase,
      fromSeq: saved.fromSeq,
      throughSeq: saved.throughSeq,
      checkedAt: saved.checkedAt,
    },
    nextCursor: saved.kind === 'full' && saved.phase !== 'done' ? `vchk_${saved.id}` : null,
    storage,
  };
}
