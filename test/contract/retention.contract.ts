import { describe, expect, it } from 'vitest';
import { runRetention } from '../../src/core/privacy/retention.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { body, expectProblem } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

let jobIds = 0;
/** The retention job over the harness's store, at `now`. */
export const retention = (h: Harness, now: string, options: { dryRun?: boolean } = {}) =>
  runRetention(
    {
      store: h.store,
      hasher: sha256Hex,
      ids: (prefix) => `${prefix}_retention_${++jobIds}`,
      sparks: h.store.sparks,
      budgets: h.store.budgets,
      privacy: h.store.privacy,
    },
    new Date(now),
    options,
  );

/**
 * A world whose people last did something in 2026, one who applied again in 2027, and people
 * with something still running: the retention job at 2033 finds exactly who is past 6 years.
 */
export async function agedWorld(h: Harness) {
  h.setNow('2026-06-01T10:00:00.000Z');
  const s = await sparksFixture(h);
  const declined = await s.applicant('Old Applicant');
  const app = await s.application(declined, '40.00', '2026-05-20');
  const sitting = await s.sitting('2026-05-25');
  expect(
    (await s.decide(app, sitting, { outcome: 'decline', reason: 'Out of scope' })).status,
  ).toBe(201);
  const waiting = await s.applicant('Still Waiting');
  await s.application(waiting, '30.00', '2026-05-21');
  const b = await budgetsFixture(h);
  const budget = await b.budget(b.people.holder.id, { mode: 'joint', allocate: '100.00' });
  h.setNow('2027-12-20T10:00:00.000Z');
  const recent = await s.applicant('Came Back');
  await s.application(recent, '25.00', '2027-12-20');
  return { s, b, budget, declined, waiting, recent };
}

export function retentionContract(make: () => Promise<Harness>) {
  describe('privacy: retention', () => {
    it('erases everyone past the alliance’s retention period, logs it, and nothing more', async () => {
      const h = await make();
      const w = await agedWorld(h);
      h.setNow('2033-01-01T04:00:00.000Z');
      const verifyBefore = await body(
        await h.request('/v1/ledger/verify', { token: w.s.coordinator }),
      );

      const dry = await retention(h, '2033-01-01T03:17:00.000Z', { dryRun: true });
      const mine = (r: typeof dry) =>
        r.erased.filter((e) => e.allianceId === h.alliance).map((e) => [e.kind, e.id]);
      expect(mine(dry).sort()).toEqual(
        [
          ['applicant', w.declined],
          ['person', w.b.people.other.id],
          ['person', w.b.people.broker.id],
        ].sort(),
      );
      const applicant = () =>
        h.request(`/v1/alliances/${w.s.alliance}/applicants/${w.declined}`, {
          token: w.s.coordinator,
        });
      expect((await body(await applicant())).name).toBe('Old Applicant');

      const report = await retention(h, '2033-01-01T03:17:00.000Z');
      expect(mine(report)).toEqual(mine(dry));
      expect(report.alliances.find((a) => a.allianceId === h.alliance)).toEqual({
        allianceId: h.alliance,
        retentionYears: 6,
        keptFrom: '2027-01-01',
      });
      const erased = await body(await applicant());
      expect(erased).toMatchObject({ erased: true });
      expect(erased.name).toBeNull();
      for (const kept of [w.waiting, w.recent]) {
        const res = await h.request(`/v1/alliances/${w.s.alliance}/applicants/${kept}`, {
          token: w.s.coordinator,
        });
        expect((await body(res)).erased, kept).toBe(false);
      }
      const log = await body(
        await h.request('/v1/access-log?limit=10', { token: w.s.coordinator }),
      );
      const jobLines = log.items.filter((i: any) => i.who.tokenId === 'job:retention');
      expect(jobLines.map((i: any) => i.subjectId).sort()).toEqual(
        mine(report)
          .map(([, id]) => id)
          .sort(),
      );
      expect(jobLines[0]).toMatchObject({
        at: '2033-01-01T03:17:00.000Z',
        who: { tokenName: 'The retention job' },
        route: 'JOB retention',
        what: expect.stringMatching(/^erased after the retention period \(last activity 20\d\d-/),
      });
      const verifyAfter = await body(
        await h.request('/v1/ledger/verify', { token: w.s.coordinator }),
      );
      expect(verifyAfter.ok).toBe(true);
      expect(verifyAfter.chain).toEqual(verifyBefore.chain);

      // Again: nobody new is due.
      expect(mine(await retention(h, '2033-01-02T03:17:00.000Z'))).toEqual([]);
    });

    it('keeps people for as long as the alliance says', async () => {
      const h = await make();
      const w = await agedWorld(h);
      h.setNow('2033-01-01T04:00:00.000Z');
      const patch = (json: unknown) =>
        h.request(`/v1/alliances/${w.s.alliance}`, {
          method: 'PATCH',
          token: w.s.coordinator,
          json,
        });
      await expectProblem(await patch({ retentionYears: 0 }), 422);
      await expectProblem(await patch({ retentionYears: 51 }), 422);
      await expectProblem(await patch({ retentionYears: 2.5 }), 422);
      const changed = await patch({ retentionYears: 10 });
      expect(changed.status).toBe(200);
      expect((await body(changed)).retentionYears).toBe(10);
      const report = await retention(h, '2033-01-01T03:17:00.000Z');
      expect(report.erased.filter((e) => e.allianceId === w.s.alliance)).toEqual([]);
      // At 2037 the declined applicant's 2026 is more than ten years ago.
      const later = await retention(h, '2037-01-01T03:17:00.000Z', { dryRun: true });
      expect(later.erased.filter((e) => e.allianceId === w.s.alliance).map((e) => e.id)).toContain(
        w.declined,
      );
    });
  });
}
