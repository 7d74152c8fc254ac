import type { Hasher } from '../context.js';
import type { ChainHead, Entry } from './model.js';

/**
 * What the chain hash covers: the entry's identity, position, dates, actor id, reason, reversal
 * link and every posting (account code and pence), plus the previous entry's hash. The free-text
 * description is deliberately left out: it may hold personal words, and personal data must be
 * erasable without breaking the chain. Account codes and actor ids are pseudonymous ids.
 */
export function entryHashInput(entry: Omit<Entry, 'hash'>): string {
  return JSON.stringify([
    'kindling-entry-v1',
    entry.seq,
    entry.id,
    entry.prevHash,
    entry.allianceId,
    entry.effectiveDate,
    entry.recordedAt,
    entry.actor,
    entry.reasonCode,
    entry.reversesEntryId,
    entry.postings.map((p) => [p.line, p.accountCode, p.amountMinor]),
  ]);
}

export function sealEntry(
  hasher: Hasher,
  head: ChainHead,
  draft: Omit<Entry, 'hash' | 'seq' | 'prevHash'>,
): Entry {
  const unsealed = { ...draft, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsealed, hash: hasher(entryHashInput(unsealed)) };
}

/**
 * Key order does not change the fingerprint of a JSON value. Stored fingerprints depend on this
 * exact text, so it must never change; it is built by appending to one string because a
 * 1,000-entry batch is fingerprinted whole (this took 9 ms a batch with map/filter/join).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const k of Object.keys(record).sort()) {
      if (record[k] === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(record[k])}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
