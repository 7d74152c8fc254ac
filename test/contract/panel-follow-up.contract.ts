import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

/**
 * Retiring a panel member and giving a person longer to come back (issue 13), on both runtimes:
 * what each answers, what each refuses with its own code, and that a refusal writes nothing.
 */
export function panelAndFollowUpContract(make: () => Promise<Harness>) {
  describe('Small Sparks: retiring panel members and extending follow-ups', () => {
    it('retires a member once; they sit at no sitting from that day, and earlier ones stand', async () => {
      const h = await make();
      h.setNow('2026-05-20T09:00:00.000Z');
      const s = await sparksFixture(h, h.alliance);
      const member = s.members[4]!;
      const retired = await s.ok(
        'POST',
        `panel-members/${member}/retirement`,
        { retiredOn: '2026-05-10' },
        { key: false, status: 200 },
      );
      expect(retired).toMatchObject({ id: member, name: 'I.J.', retiredOn: '2026-05-10' });
      const listed = await s.ok('GET', 'panel-members');
      expect(listed.items.find((m: { id: string }) => m.id === member).retiredOn).toBe(
        '2026-05-10',
      );
      await expectProblem(
        await s.call('POST', 'sittings', s.panel, {
          heldOn: '2026-05-10',
          memberIds: [s.members[0], member],
        }),
        409,
        'panel_member_retired',
      );
      // A sitting held before they retired still had them.
      await s.sitting('2026-05-09', [s.members[0]!, s.members[1]!, s.members[2]!, member]);
      await expectProblem(
        await s.call('POST', `panel-members/${member}/retirement`, s.coordinator, {}),
        409,
        'panel_member_retired',
      );
      await expectProblem(
        await s.call('POST', `panel-members/${s.members[3]}/retirement`, s.panel, {}),
        403,
      );
      await expectProblem(
        await s.call('POST', 'panel-members/pnm_nobody/retirement', s.coordinator, {}),
        404,
      );
      await expectProblem(
        await s.call('POST', `panel-members/${s.members[3]}/retirement`, s.coordinator, {
          retiredOn: '2026-06-01',
        }),
        422,
      );
    });

    it('moves a due follow-up later, never earlier, and not once it is heard', async () => {
      const h = await make();
      h.setNow('2026-05-20T09:00:00.000Z');
      const s = await sparksFixture(h, h.alliance);
      await s.ok('POST', 'receipts', {
        funder: 'Funder',
        amount: '1000.00',
        receivedOn: '2026-05-01',
      });
      const applicant = await s.applicant('K.');
      const application = await s.application(applicant, '50.00', '2026-05-01');
      const sitting = await s.sitting('2026-05-02');
      const res = await s.decide(application, sitting, {
        outcome: 'award',
        amount: '50.00',
        purpose: 'Bus pass',
        followUpDue: '2026-06-01',
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const award = (await res.json()).award.id as string;
      const extend = (dueOn: string) =>
        s.call('POST', `awards/${award}/follow-up/extension`, s.coordinator, { dueOn }, false);
      await expectProblem(await extend('2026-05-30'), 422, 'invalid_date');
      await expectProblem(await extend('2026-05-19'), 422, 'invalid_date');
      const moved = await extend('2026-07-15');
      expect(moved.status, await moved.clone().text()).toBe(200);
      expect(await moved.json()).toMatchObject({
        awardId: award,
        dueOn: '2026-07-15',
        state: 'due',
      });
      expect((await s.ok('GET', `awards/${award}`)).followUp.dueOn).toBe('2026-07-15');
      await s.ok(
        'POST',
        `awards/${award}/follow-up`,
        { heardOn: '2026-05-20', inPerson: true, difference: 'Got there', domainsImproved: [] },
        { token: s.panel, key: false, status: 200 },
      );
      await expectProblem(await extend('2026-08-01'), 409, 'follow_up_not_extendable');
      expect((await s.ok('GET', `awards/${award}`)).followUp.dueOn).toBe('2026-07-15');
    });
  });
}
