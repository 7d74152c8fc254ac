import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/core/context.js';
import { grantsForPublishing, ORG_ID_PREFIX } from '../../src/core/sparks/grants-data.js';
import { followUpState } from '../../src/core/sparks/model.js';
import {
  grants360Giving,
  grantsCsvLines,
  type PublishInput,
} from '../../src/core/sparks/publish.js';
import { grants360GivingChunks, grantsCsvChunks } from '../../src/core/sparks/publish-stream.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import type { Harness } from './harness.js';
import { body, sparksFixture } from './sparks-helpers.js';

/**
 * How the grants exports were made before they streamed: every award, all their money and every
 * follow-up read at once, then the whole file written. Kept here as the oracle the streamed
 * files must equal byte for byte.
 */
async function wholeInput(h: Harness, alliance: string, now: Date): Promise<PublishInput> {
  const sparks = h.store.sparks;
  const found = (await sparks.getAlliance(alliance))!;
  const awards = await sparks.listAwards(alliance);
  const [money, followUps] = await Promise.all([
    sparks.awardMoney(awards.map((a) => a.id)),
    sparks.listFollowUps(alliance),
  ]);
  const byAward = new Map(followUps.map((f) => [f.awardId, f]));
  const today = now.toISOString().slice(0, 10);
  return {
    alliance: { id: found.id, name: found.name },
    orgIdPrefix: ORG_ID_PREFIX,
    generatedAt: now.toISOString(),
    awards: awards.map((a) => {
      const m = money.get(a.id)!;
      const f = byAward.get(a.id);
      return {
        awardId: a.id,
        recipientKey: sha256Hex(`kindling-360g-recipient:${found.id}:${a.applicantId}`),
        amountMinor: a.amountMinor,
        awardedOn: a.awardedOn,
        domain: a.domain,
        status: a.cancelledOn ? 'cancelled' : 'active',
        paidMinor: m.paidMinor,
        cancelledMinor: m.cancelledMinor,
        returnedMinor: m.returnedMinor,
        followUpStatus: f ? followUpState(f, today) : 'waived',
      };
    }),
  };
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

/** The grants exports stream byte for byte what they were built as in memory, on each runtime. */
export function exportsStreamContract(make: () => Promise<Harness>) {
  describe('streamed grants exports', () => {
    it('are the files built at once, through the API and at any page size', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '5000.00',
        receivedOn: '2026-04-01',
      });
      const sittings = [await f.sitting('2026-04-20'), await f.sitting('2026-05-04')];
      const awards: string[] = [];
      for (let i = 0; i < 7; i++) {
        const person = await f.applicant(`P${i}`);
        const application = await f.application(
          person,
          `${40 + i * 15}.00`,
          '2026-04-15',
          'health',
        );
        const decided = await f.decide(application, sittings[i % 2]!, {
          outcome: 'award',
          amount: `${40 + i * 15}.00`,
          purpose: 'Travel',
        });
        awards.push((await body(decided)).award.id);
      }
      await f.ok('POST', `awards/${awards[0]}/disbursements`, {
        method: 'cash',
        amount: '40.00',
        paidOn: '2026-05-05',
      });
      await f.ok('POST', `awards/${awards[1]}/cancellation`, {
        reason: 'Moved away',
        cancelledOn: '2026-05-06',
      });

      const now = new Date('2026-06-01T10:00:00.000Z');
      const whole = await wholeInput(h, f.alliance, now);
      const json = JSON.stringify(grants360Giving(whole));
      const csv = [...grantsCsvLines(whole)].join('');

      const viaApi = await f.call('GET', 'grants.360giving.json', f.auditor, undefined, false);
      expect(viaApi.headers.get('content-type')).toBe('application/json');
      expect(viaApi.headers.get('content-disposition')).toMatch(/grants-360giving\.json"$/);
      expect(await viaApi.text()).toBe(json);
      const csvApi = await f.call('GET', 'grants.csv', f.auditor, undefined, false);
      expect(csvApi.headers.get('content-disposition')).toMatch(/grant-register\.csv"$/);
      expect(await csvApi.text()).toBe(csv);

      // Pages of two: four pages, each a keyset read, the same bytes.
      const ctx: ServiceContext = {
        actor: { tokenId: 'tok_test', role: 'auditor', allianceId: f.alliance, holderId: null },
        now,
        requestId: 'req_test',
      };
      const deps = { store: h.store, sparks: h.store.sparks, hasher: sha256Hex, ids: () => 'x' };
      const period = { from: null, to: null };
      const paged = await grantsForPublishing(deps, ctx, f.alliance, period, 2);
      expect(await text(grants360GivingChunks(paged))).toBe(json);
      const pagedCsv = await grantsForPublishing(deps, ctx, f.alliance, period, 2);
      expect(await text(grantsCsvChunks(pagedCsv))).toBe(csv);
    }, 120_000);
  });
}
