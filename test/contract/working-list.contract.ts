import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { body, sparksFixture } from './sparks-helpers.js';

/**
 * What the working list says waits for payment, on both runtimes: the awards still owed money,
 * oldest first, and their count, which is read from an index of the award accounts still owed
 * (drizzle/0026) and must agree with the list whatever was paid, part paid or cancelled.
 */
export function workingListContract(make: () => Promise<Harness>) {
  describe('Small Sparks: the working list', () => {
    it('counts and lists the awards still owed money, paid and cancelled ones left out', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '2000.00',
        receivedOn: '2026-04-01',
      });
      const sitting = await f.sitting('2026-04-20');
      const awards: string[] = [];
      for (let i = 0; i < 6; i++) {
        const application = await f.application(await f.applicant(), '40.00', '2026-04-10');
        const decided = await f.decide(application, sitting, {
          outcome: 'award',
          amount: '40.00',
          purpose: 'Bus pass',
        });
        awards.push((await body(decided)).award.id);
      }
      const pay = (award: string, amount: string) =>
        f.ok('POST', `awards/${award}/disbursements`, {
          method: 'cash',
          amount,
          paidOn: '2026-05-05',
        });
      const cancel = (award: string) =>
        f.ok('POST', `awards/${award}/cancellation`, {
          reason: 'Moved away',
          cancelledOn: '2026-05-06',
        });
      await pay(awards[0]!, '40.00'); // paid in full
      await pay(awards[1]!, '15.00'); // part paid: still owed £25.00
      await cancel(awards[2]!); // cancelled before any payment
      await pay(awards[3]!, '10.00'); // part paid, then the rest cancelled
      await cancel(awards[3]!);
      // awards[4] and awards[5]: nothing paid yet.

      const working = await f.ok('GET', 'working-list');
      const owed = [awards[1], awards[4], awards[5]];
      expect(working.awaitingPayment.map((a: { id: string }) => a.id).sort()).toEqual(
        [...owed].sort(),
      );
      expect(working.counts.awaitingPayment).toBe(3);
      const one = await f.ok('GET', 'working-list?limit=1');
      expect(one.awaitingPayment).toHaveLength(1);
      expect(one.awaitingPayment[0]).toEqual(working.awaitingPayment[0]);
      expect(one.counts).toEqual(working.counts);

      await pay(awards[1]!, '25.00');
      const after = await f.ok('GET', 'working-list');
      expect(after.counts.awaitingPayment).toBe(2);
      expect(after.awaitingPayment).toHaveLength(2);
    });
  });
}
