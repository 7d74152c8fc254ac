import { describe, expect, it } from 'vitest';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { body, expectProblem, ledgerFixture, newKey } from './helpers.js';

/** Idempotency keys per token and the headers every /v1 answer carries (issue 10). */
export function privacyContract(make: () => Promise<Harness>) {
  describe('privacy: responses are private', () => {
    it('sends every /v1 answer no-store and nosniff, refusals included', async () => {
      const f = await ledgerFixture(await make());
      const answers = [
        await f.h.request('/v1/ledger/trial-balance', { token: f.coordinator }),
        await f.h.request(`/v1/accounts/${f.bank}/postings.csv`, { token: f.coordinator }),
        await f.h.request('/v1/ledger/trial-balance'),
        await f.h.request('/v1/nowhere', { token: f.coordinator }),
        await f.post([[f.bank, '1.001']]),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 404, 422]);
      for (const res of answers) {
        expect(res.headers.get('cache-control')).toBe('private, no-store');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      }
    });
  });

  describe('privacy: idempotency keys belong to one token', () => {
    it('replays a key only to its token; another token’s same key is a new, authorised request', async () => {
      const f = await budgetsFixture(await make());
      const budget = await f.budget(f.people.holder.id, { mode: 'joint', allocate: '400.00' });
      const held = await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'College',
          category: 'purposeful-activity',
          amount: '200.00',
          spentOn: '2026-05-01',
          description: 'Course MARKER-IDEM',
        },
        { token: f.people.holder.token },
      );
      const key = newKey();
      const supporter = f.people.supporter.token;
      const approve = (token: string) =>
        f.call('POST', `spends/${held.id}/approval`, token, {}, key);
      expect((await approve(supporter)).status).toBe(200);
      const again = await approve(supporter);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');

      const others = {
        auditor: [f.auditor, 403],
        holder: [f.people.holder.token, 403],
        other: [f.people.other.token, 404],
        broker: [f.people.broker.token, 404],
        coordinator: [f.coordinator, 403],
      } as const;
      for (const [who, [token, status]] of Object.entries(others)) {
        const res = await approve(token);
        const text = await res.text();
        expect(res.status, `${who}: ${text}`).toBe(status);
        expect(res.headers.get('idempotent-replayed'), who).toBeNull();
        expect(text, who).not.toContain('MARKER-IDEM');
      }

      // The same key on another operation by another token is simply a new key: no 409.
      const allocated = await f.call(
        'POST',
        `budgets/${budget}/allocations`,
        f.coordinator,
        { amount: '10.00', allocatedOn: '2026-05-02' },
        key,
      );
      expect(allocated.status, await allocated.clone().text()).toBe(201);
      expect(allocated.headers.get('idempotent-replayed')).toBeNull();

      // Access is checked again before a replay: once removed, the co-holder learns nothing.
      await f.ok(
        'POST',
        `budgets/${budget}/parties/${f.people.supporter.id}/removal`,
        { reason: 'Holder asked' },
        { key: false, status: 200 },
      );
      const removed = await approve(supporter);
      const problem = await expectProblem(removed, 404, 'spend_not_found');
      expect(JSON.stringify(problem)).not.toContain('MARKER-IDEM');
      expect((await body(await f.call('GET', `spends/${held.id}`, f.coordinator))).status).toBe(
        'approved',
      );
    });
  });
}
