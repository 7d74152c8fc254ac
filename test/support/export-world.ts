import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { body, sparksFixture } from '../contract/sparks-helpers.js';
import { cloneAwards } from './sparks-bulk.js';

/**
 * An alliance on Node that grows to thousands of awards on demand: one award made through the
 * API (the template), then `grow(n)` copies it until there are `n`, each with its award entry
 * and every other one paid (see cloneAwards). For the export memory test and the bench.
 */
export async function exportWorld(path = ':memory:') {
  const { store, sqlite } = openSqlite({ path });
  // Not held to /openapi.json here: the check would read every answer whole, and this world is
  // for measuring how much memory the app itself holds while it streams.
  const h = await makeHarness('node', store, () => store, { checkAnswers: false });
  const f = await sparksFixture(h);
  await f.ok('POST', 'receipts', {
    funder: 'Community Foundation',
    amount: '900000.00',
    receivedOn: '2026-04-01',
  });
  const sitting = await f.sitting('2026-04-01');
  const application = await f.application(await f.applicant(), '40.00', '2026-04-01', 'health');
  const decided = await f.decide(application, sitting, {
    outcome: 'award',
    amount: '40.00',
    purpose: 'Bus pass',
  });
  const template = (await body(decided)).award.id as string;
  let awards = 1;
  let calls = 0;
  return {
    h,
    f,
    sqlite,
    fund: `alliance:${f.alliance}:fund:sparks`,
    /** Grows the alliance to `total` awards; copies are dated over April and May 2026, on or after the
     * template was received (1 April). */
    grow(total: number) {
      if (total <= awards) return;
      calls += 1;
      cloneAwards(sqlite, {
        awardId: template,
        count: total - awards,
        firstDay: '2026-04-01',
        days: 60,
        recordedAt: '2026-06-01T10:00:00.000Z',
        tag: `g${calls}x`,
      });
      awards = total;
    },
  };
}
