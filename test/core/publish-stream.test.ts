import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareAwards,
  grants360Giving,
  grantsCsvLines,
  type PublishHead,
  type PublishedAward,
} from '../../src/core/sparks/publish.js';
import { grants360GivingChunks, grantsCsvChunks } from '../../src/core/sparks/publish-stream.js';

const HEAD: PublishHead = {
  alliance: { id: 'crawley', name: 'Crawley Recovery Alliance' },
  orgIdPrefix: '360G-kindling',
  generatedAt: '2026-06-01T09:30:00.000Z',
};
const DOMAINS = ['housing', 'health', 'purposeful-activity', 'peer-support', 'community'] as const;

/** Awards with distinct ids, figures that the books allow, in any order. */
const awards = fc
  .uniqueArray(
    fc.record({
      n: fc.integer({ min: 0, max: 99_999 }),
      day: fc.integer({ min: 1, max: 28 }),
      amountMinor: fc.integer({ min: 1, max: 100_000 }),
      paidShare: fc.integer({ min: 0, max: 100 }),
      domain: fc.constantFrom(...DOMAINS),
      cancelled: fc.boolean(),
      followUp: fc.constantFrom('due', 'overdue', 'heard', 'waived' as const),
    }),
    { selector: (r) => r.n, minLength: 1, maxLength: 60 },
  )
  .map((rows) =>
    rows.map((r): PublishedAward => {
      const paidMinor = Math.floor((r.amountMinor * r.paidShare) / 100);
      return {
        awardId: `awd_${String(r.n).padStart(6, '0')}`,
        recipientKey: `${String(r.n % 7).repeat(32)}`,
        amountMinor: r.amountMinor,
        awardedOn: `2026-05-${String(r.day).padStart(2, '0')}`,
        domain: r.domain,
        status: r.cancelled ? 'cancelled' : 'active',
        paidMinor,
        cancelledMinor: r.cancelled ? r.amountMinor - paidMinor : 0,
        returnedMinor: Math.floor(paidMinor / 3),
        followUpStatus: r.followUp,
      };
    }),
  );

/** The awards cut into pages of `size`, in published order, as the store's keyset pages come. */
async function* pagesOf(list: readonly PublishedAward[], size: number) {
  const sorted = [...list].sort(compareAwards);
  for (let i = 0; i < sorted.length; i += size) yield sorted.slice(i, i + size);
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('published files written a page at a time', () => {
  it('are byte for byte the files written at once, whatever the page size', async () => {
    await fc.assert(
      fc.asyncProperty(awards, fc.integer({ min: 1, max: 25 }), async (list, size) => {
        const whole = { ...HEAD, awards: list };
        expect(await text(grants360GivingChunks({ head: HEAD, pages: pagesOf(list, size) }))).toBe(
          JSON.stringify(grants360Giving(whole)),
        );
        expect(await text(grantsCsvChunks({ head: HEAD, pages: pagesOf(list, size) }))).toBe(
          [...grantsCsvLines(whole)].join(''),
        );
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a bad head before producing anything', () => {
    const head = { ...HEAD, generatedAt: '2026-06-01T09:30:00' };
    expect(() => grants360GivingChunks({ head, pages: pagesOf([], 1) })).toThrow(/RFC 3339/);
    expect(() => grantsCsvChunks({ head, pages: pagesOf([], 1) })).toThrow(/RFC 3339/);
  });

  it('fails mid-file on an award out of order or seen twice, or on an empty package', async () => {
    const a = {
      awardId: 'awd_1',
      recipientKey: 'a'.repeat(32),
      amountMinor: 100,
      awardedOn: '2026-05-02',
      domain: 'health',
      status: 'active',
      paidMinor: 0,
      cancelledMinor: 0,
      returnedMinor: 0,
      followUpStatus: 'due',
    } as const;
    async function* twice() {
      yield [a];
      yield [a];
    }
    await expect(text(grantsCsvChunks({ head: HEAD, pages: twice() }))).rejects.toThrow(
      /out of order or appears twice/,
    );
    await expect(
      text(grants360GivingChunks({ head: HEAD, pages: pagesOf([], 1) })),
    ).rejects.toThrow(/at least one grant/);
  });
});
