import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';
import { body, newKey, sparksFixture, type SparksFixture } from './sparks-helpers.js';

const pence = (text: string) => {
  const negative = text.startsWith('-');
  const [whole, fraction = '0'] = text.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -value : value;
};
const pounds = (p: number) =>
  `${p < 0 ? '-' : ''}${Math.floor(Math.abs(p) / 100)}.${String(Math.abs(p) % 100).padStart(2, '0')}`;

/** A small deterministic generator, so the year is the same on every run and every runtime. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function awardOne(f: SparksFixture, amount = '100.00', on = '2026-05-01') {
  const applicant = await f.applicant();
  const application = await f.application(applicant, amount, on);
  const sitting = await f.sitting(on);
  const res = await f.decide(application, sitting, {
    outcome: 'award',
    amount,
    purpose: 'Bus pass',
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return { applicant, application, sitting, award: (await body(res)).award.id as string };
}

/**
 * Walks a year of Small Sparks at one alliance and returns what the books must say, computed
 * independently of the service.
 */
export async function walkYear(f: SparksFixture, seed: number, ceilingPounds: number) {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const expected = { received: 0, awarded: 0, paid: 0, cancelled: 0, returned: 0 };
  const counts = {
    applications: 0,
    awards: 0,
    declines: 0,
    defers: 0,
    refused: 0,
    heard: 0,
    waived: 0,
    cancelled: 0,
    returns: 0,
    partial: 0,
  };
  const day = (n: number) => new Date(Date.UTC(2026, 3, 1 + n)).toISOString().slice(0, 10);
  f.h.setNow(`${day(0)}T09:00:00.000Z`);
  for (const [i, amount] of ['3000.00', '1500.00', '2500.00'].entries()) {
    await f.ok('POST', 'receipts', {
      funder: ['Council', 'Lottery', 'Trust'][i],
      amount,
      receivedOn: day(i * 120),
      restricted: i === 1,
    });
    expected.received += pence(amount);
    if (i < 2) f.h.setNow(`${day((i + 1) * 120)}T09:00:00.000Z`);
  }
  f.h.setNow(`${day(0)}T09:00:00.000Z`);
  const applicants = [] as string[];
  for (let i = 0; i < 24; i++) applicants.push(await f.applicant(`P${i}`));
  const awards: {
    id: string;
    amount: number;
    paid: number;
    returned: number;
    cancelled: boolean;
  }[] = [];

  // 23 fortnightly sittings, two applications each: 46 applications.
  for (let s = 0; s < 23; s++) {
    const heldOn = day(7 + s * 14);
    f.h.setNow(`${heldOn}T18:00:00.000Z`);
    const members = rand() < 0.5 ? f.members.slice(0, 4) : f.members;
    const sitting = await f.sitting(heldOn, members);
    for (let k = 0; k < 2; k++) {
      counts.applications++;
      const amountAsked = 50 + Math.floor(rand() * 45) * 10;
      const application = await f.application(
        pick(applicants),
        `${amountAsked}.00`,
        day(s * 14 + k),
        pick([
          'housing',
          'health',
          'purposeful-activity',
          'peer-support',
          'friends-family',
          'community',
        ]),
      );
      // A lived-experience member declares a conflict now and then; with five sitting it stays quorate.
      if (members.length === 5 && rand() < 0.3)
        await f.ok(
          'POST',
          `sittings/${sitting}/conflicts`,
          { applicationId: application, memberId: f.members[3] },
          { token: f.panel, key: false },
        );
      const roll = rand();
      if (roll < 0.12) {
        await f.ok(
          'POST',
          `applications/${application}/decision`,
          { sittingId: sitting, outcome: 'decline', reason: 'Covered by another service' },
          { token: f.panel },
        );
        counts.declines++;
        continue;
      }
      if (roll < 0.2) {
        await f.ok(
          'POST',
          `applications/${application}/decision`,
          { sittingId: sitting, outcome: 'defer', reason: 'Wants a quote first' },
          { token: f.panel },
        );
        counts.defers++;
        continue;
      }
      const amount = Math.min(amountAsked, ceilingPounds) * 100 - (rand() < 0.3 ? 2_50 : 0);
      const res = await f.decide(application, sitting, {
        outcome: 'award',
        amount: pounds(amount),
        purpose: 'As asked',
      });
      const text = await res.text();
      if (res.status === 409) {
        // Refusals the year can meet: the fund ran low, or the person's last follow-up is overdue.
        expect(JSON.parse(text).code, text).toMatch(
          /^(insufficient_fund|applicant_overdue_follow_up)$/,
        );
        counts.refused++;
        continue;
      }
      expect(res.status, text).toBe(201);
      counts.awards++;
      expected.awarded += amount;
      const award = {
        id: JSON.parse(text).award.id as string,
        amount,
        paid: 0,
        returned: 0,
        cancelled: false,
      };
      awards.push(award);
      // Payments: most in full at once, some in two parts, some cancelled part-way or before paying.
      const fate = rand();
      const payOn = day(7 + s * 14 + 2);
      f.h.setNow(`${payOn}T10:00:00.000Z`);
      if (fate < 0.08) {
        await f.ok('POST', `awards/${award.id}/cancellation`, {
          reason: 'No longer needed',
          cancelledOn: payOn,
        });
        expected.cancelled += amount;
        award.cancelled = true;
        counts.cancelled++;
      } else if (fate < 0.3) {
        const first = Math.floor(amount / 3);
        await f.ok('POST', `awards/${award.id}/disbursements`, {
          method: 'voucher',
          amount: pounds(first),
          paidOn: payOn,
        });
        award.paid += first;
        counts.partial++;
        if (fate < 0.16) {
          await f.ok('POST', `awards/${award.id}/cancellation`, {
            reason: 'Course place withdrawn',
            cancelledOn: payOn,
          });
          expected.cancelled += amount - first;
          award.cancelled = true;
          counts.cancelled++;
        } else {
          await f.ok('POST', `awards/${award.id}/disbursements`, {
            method: 'supplier_purchase',
            supplier: 'Stagecoach',
            amount: pounds(amount - first),
            paidOn: payOn,
          });
          award.paid += amount - first;
        }
      } else {
        await f.ok('POST', `awards/${award.id}/disbursements`, {
          method: pick(['bank_transfer', 'cash']),
          amount: pounds(amount),
          paidOn: payOn,
        });
        award.paid = amount;
      }
      expected.paid += award.paid;
      if (award.paid > 0 && rand() < 0.1) {
        const back = Math.min(award.paid, 1_000 + Math.floor(rand() * 20) * 100);
        await f.ok('POST', `awards/${award.id}/returns`, {
          amount: pounds(back),
          returnedOn: payOn,
        });
        award.returned += back;
        expected.returned += back;
        counts.returns++;
      }
      // The person comes back (most do), the coordinator waives a few, the rest go overdue.
      const heard = rand();
      const followUpOn = day(7 + s * 14 + 40);
      if (!award.cancelled || award.paid > 0) {
        if (heard < 0.6) {
          f.h.setNow(`${followUpOn}T10:00:00.000Z`);
          await f.ok(
            'POST',
            `awards/${award.id}/follow-up`,
            {
              heardOn: followUpOn,
              inPerson: rand() < 0.8,
              difference: 'Got to every class; started volunteering',
              domainsImproved: ['purposeful-activity', 'community'],
            },
            { token: f.panel, key: false, status: 200 },
          );
          counts.heard++;
        } else if (heard < 0.7) {
          await f.ok(
            'POST',
            `awards/${award.id}/follow-up/waiver`,
            { reason: 'Moved away' },
            { key: false, status: 200 },
          );
          counts.waived++;
        }
      }
      f.h.setNow(`${heldOn}T18:00:00.000Z`);
    }
  }
  f.h.setNow('2027-03-31T12:00:00.000Z');
  return { expected, counts, awards };
}

export function sparksContract(make: () => Promise<Harness>) {
  describe('Small Sparks: a realistic year', () => {
    it('keeps the fund summary equal to the ledger, to the penny, at two alliances', async () => {
      const h = await make();
      const alliances = [
        await sparksFixture(h, h.alliance),
        await sparksFixture(h, h.otherAlliance, { grantCeiling: '300.00', quorum: 4 }),
      ];
      for (const [i, f] of alliances.entries()) {
        const { expected, counts, awards } = await walkYear(f, 7 + i, i === 0 ? 450 : 300);
        expect(counts.applications).toBeGreaterThanOrEqual(40);
        expect(counts.awards).toBeGreaterThan(10);
        for (const c of ['declines', 'cancelled', 'partial', 'heard'] as const)
          expect(counts[c], c).toBeGreaterThan(0);

        const fund = await f.fund();
        const committed = awards.reduce((a, w) => a + (w.cancelled ? 0 : w.amount - w.paid), 0);
        expect(fund).toMatchObject({
          received: pounds(expected.received),
          receivedRestricted: '1500.00', // the Lottery's, the one receipt walkYear restricts
          awarded: pounds(expected.awarded),
          paid: pounds(expected.paid),
          cancelled: pounds(expected.cancelled),
          returned: pounds(expected.returned),
          committed: pounds(committed),
          available: pounds(
            expected.received - expected.awarded + expected.cancelled + expected.returned,
          ),
        });
        // The same figures straight from the ledger: the fund account and the award accounts.
        const fundAccount = await f.ok('GET', `/v1/accounts/alliance:${f.alliance}:fund:sparks`);
        expect(fundAccount.normalBalance).toBe(fund.available);
        const tb = await f.ok('GET', '/v1/ledger/trial-balance');
        expect(tb.balanced).toBe(true);
        const awardCredits = tb.accounts
          .filter((a: any) => a.code.startsWith('award:'))
          .reduce((s: number, a: any) => s + pence(a.credit) - pence(a.debit), 0);
        expect(pounds(awardCredits)).toBe(fund.committed);
        const bank = tb.accounts.find((a: any) => a.code === `alliance:${f.alliance}:bank`);
        expect(pence(bank.debit)).toBe(expected.received - expected.paid + expected.returned);

        // Follow-up lists add up: heard + waived + due + overdue = awards that have a follow-up.
        const all = await f.ok('GET', 'follow-ups?state=all');
        const states = all.items.reduce(
          (m: Record<string, number>, x: any) => ({ ...m, [x.state]: (m[x.state] ?? 0) + 1 }),
          {},
        );
        expect(states.heard).toBe(counts.heard);
        expect(states.overdue ?? 0).toBeGreaterThan(0);
        const overdue = await f.ok('GET', 'follow-ups?state=overdue');
        expect(overdue.items).toHaveLength(states.overdue);

        // Commissioners' totals: uptake and speed, with small counts suppressed.
        const report = await f.ok('GET', 'report?from=2026-04-01&to=2027-03-31', undefined, {
          token: f.auditor,
        });
        expect(report.applications).toBe(counts.applications);
        expect(report.paid).toBe(pounds(expected.paid));
        expect(report.medianDaysToDecision).toBeGreaterThanOrEqual(0);
        expect(report.medianDaysToFirstPayment).toBeGreaterThanOrEqual(report.medianDaysToDecision);
        for (const d of Object.values(report.byDomain) as { awards: number | string }[])
          expect(
            typeof d.awards === 'number' ? d.awards === 0 || d.awards >= 5 : d.awards === '<5',
          ).toBe(true);

        // The working list shows nothing awaiting payment: every award was paid or cancelled.
        const working = await f.ok('GET', 'working-list');
        expect(working.awaitingPayment).toEqual([]);
        // Deferred, and refused (fund low, follow-up overdue): both still await a decision.
        expect(working.awaitingDecision.length).toBe(counts.defers + counts.refused);
        // It says how many there are, counted in SQL, and shows at most `limit` of each, the
        // longest waiting first.
        expect(working.counts).toEqual({
          awaitingDecision: counts.defers + counts.refused,
          awaitingPayment: 0,
          followUpsDue: working.followUpsDue.length,
        });
        const one = await f.ok('GET', 'working-list?limit=1');
        expect(one.awaitingDecision).toEqual(working.awaitingDecision.slice(0, 1));
        expect(one.followUpsDue).toEqual(working.followUpsDue.slice(0, 1));
        expect(one.counts).toEqual(working.counts);
      }
      expect((await alliances[0]!.ok('GET', '/v1/ledger/verify')).ok).toBe(true);
    });
  });

  describe('Small Sparks: decisions refused, each with its own code, writing nothing', () => {
    async function ready(h: Harness, settings: Record<string, unknown> = {}) {
      const f = await sparksFixture(h, h.alliance, settings);
      f.h.setNow('2026-05-01T09:00:00.000Z');
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '1000.00',
        receivedOn: '2026-04-01',
      });
      const applicant = await f.applicant();
      const application = await f.application(applicant, '120.00', '2026-04-20');
      return { f, applicant, application };
    }

    it('refuses when the sitting is not quorate', async () => {
      const { f, application } = await ready(await make());
      const sitting = await f.sitting('2026-05-01', f.members.slice(0, 2));
      const before = await f.snapshot();
      const p = await expectProblem(
        await f.decide(application, sitting, {
          outcome: 'award',
          amount: '120.00',
          purpose: 'Bus pass',
        }),
        409,
        'not_quorate',
      );
      expect(p).toMatchObject({ deciding: 2, quorum: 3 });
      expect(await f.snapshot()).toEqual(before);
    });

    it('counts out a member with a conflict, which can make a sitting inquorate', async () => {
      const { f, application } = await ready(await make());
      const sitting = await f.sitting('2026-05-01', f.members.slice(0, 3));
      await f.ok(
        'POST',
        `sittings/${sitting}/conflicts`,
        { applicationId: application, memberId: f.members[0] },
        { token: f.panel, key: false },
      );
      const before = await f.snapshot();
      await expectProblem(
        await f.decide(application, sitting, { outcome: 'decline', reason: 'x' }),
        409,
        'not_quorate',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('refuses when people with lived experience are not the majority of those deciding', async () => {
      const { f, application } = await ready(await make());
      // Two with lived experience, two without: not a majority.
      const sitting = await f.sitting('2026-05-01', [
        f.members[0]!,
        f.members[1]!,
        f.members[3]!,
        f.members[4]!,
      ]);
      const before = await f.snapshot();
      const p = await expectProblem(
        await f.decide(application, sitting, {
          outcome: 'award',
          amount: '120.00',
          purpose: 'Bus pass',
        }),
        409,
        'lived_experience_minority',
      );
      expect(p).toMatchObject({ deciding: 4, livedExperience: 2 });
      expect(await f.snapshot()).toEqual(before);
    });

    it('lets an alliance that does not require a lived-experience majority decide anyway', async () => {
      const { f, application } = await ready(await make(), { livedExperienceMajority: false });
      const sitting = await f.sitting('2026-05-01', [f.members[0]!, f.members[3]!, f.members[4]!]);
      expect(
        (
          await f.decide(application, sitting, {
            outcome: 'award',
            amount: '120.00',
            purpose: 'Bus pass',
          })
        ).status,
      ).toBe(201);
    });

    it('refuses amounts outside the floor and ceiling', async () => {
      const { f, application } = await ready(await make(), {
        grantCeiling: '250.00',
        grantFloor: '20.00',
      });
      const sitting = await f.sitting('2026-05-01');
      const before = await f.snapshot();
      await expectProblem(
        await f.decide(application, sitting, { outcome: 'award', amount: '250.01', purpose: 'x' }),
        422,
        'amount_out_of_range',
      );
      await expectProblem(
        await f.decide(application, sitting, { outcome: 'award', amount: '19.99', purpose: 'x' }),
        422,
        'amount_out_of_range',
      );
      await expectProblem(
        await f.decide(application, sitting, { outcome: 'award', purpose: 'x' }),
        422,
        'amount_out_of_range',
      );
      expect(await f.snapshot()).toEqual(before);
      expect(
        (await f.decide(application, sitting, { outcome: 'award', amount: '250.00', purpose: 'x' }))
          .status,
      ).toBe(201);
    });

    it('refuses an award the fund cannot cover at that moment', async () => {
      const { f, application } = await ready(await make());
      const other = await f.application(await f.applicant(), '450.00', '2026-04-21');
      const sitting = await f.sitting('2026-05-01');
      expect(
        (await f.decide(other, sitting, { outcome: 'award', amount: '450.00', purpose: 'x' }))
          .status,
      ).toBe(201);
      const third = await f.application(await f.applicant(), '450.00', '2026-04-21');
      expect(
        (await f.decide(third, sitting, { outcome: 'award', amount: '450.00', purpose: 'x' }))
          .status,
      ).toBe(201);
      const before = await f.snapshot();
      const p = await expectProblem(
        await f.decide(application, sitting, { outcome: 'award', amount: '100.01', purpose: 'x' }),
        409,
        'insufficient_fund',
      );
      expect(p.available).toBe('100.00');
      expect(await f.snapshot()).toEqual(before);
      expect(
        (await f.decide(application, sitting, { outcome: 'award', amount: '100.00', purpose: 'x' }))
          .status,
      ).toBe(201);
    });

    it('refuses a new award while the applicant has an overdue follow-up, unless the alliance allows it', async () => {
      const h = await make();
      const { f, applicant } = await ready(h);
      const first = await f.application(applicant, '60.00', '2026-04-20');
      const s1 = await f.sitting('2026-04-25');
      expect(
        (
          await f.decide(first, s1, {
            outcome: 'award',
            amount: '60.00',
            purpose: 'x',
            followUpDue: '2026-06-01',
          })
        ).status,
      ).toBe(201);
      f.h.setNow('2026-07-01T09:00:00.000Z');
      const second = await f.application(applicant, '60.00', '2026-06-20');
      const s2 = await f.sitting('2026-07-01');
      const before = await f.snapshot();
      await expectProblem(
        await f.decide(second, s2, { outcome: 'award', amount: '60.00', purpose: 'x' }),
        409,
        'applicant_overdue_follow_up',
      );
      expect(await f.snapshot()).toEqual(before);
      // Declining is still possible; and once the follow-up is heard, an award is too.
      const award = (await f.ok('GET', 'awards')).items[0].id;
      await f.ok(
        'POST',
        `awards/${award}/follow-up`,
        {
          heardOn: '2026-07-01',
          inPerson: true,
          difference: 'Helped',
          domainsImproved: ['health'],
        },
        { token: f.panel, key: false, status: 200 },
      );
      expect(
        (await f.decide(second, s2, { outcome: 'award', amount: '60.00', purpose: 'x' })).status,
      ).toBe(201);
    });

    it('allows an award despite an overdue follow-up where the alliance says so', async () => {
      const { f, applicant } = await ready(await make(), { allowAwardWhenOverdue: true });
      const first = await f.application(applicant, '60.00', '2026-04-20');
      expect(
        (
          await f.decide(first, await f.sitting('2026-04-25'), {
            outcome: 'award',
            amount: '60.00',
            purpose: 'x',
            followUpDue: '2026-06-01',
          })
        ).status,
      ).toBe(201);
      f.h.setNow('2026-07-01T09:00:00.000Z');
      const second = await f.application(applicant, '60.00', '2026-06-20');
      expect(
        (
          await f.decide(second, await f.sitting('2026-07-01'), {
            outcome: 'award',
            amount: '60.00',
            purpose: 'x',
          })
        ).status,
      ).toBe(201);
    });

    it('refuses to decide an application that is not awaiting a decision', async () => {
      const { f, application } = await ready(await make());
      const sitting = await f.sitting('2026-05-01');
      await f.ok(
        'POST',
        `applications/${application}/decision`,
        { sittingId: sitting, outcome: 'decline', reason: 'x' },
        { token: f.panel },
      );
      const before = await f.snapshot();
      await expectProblem(
        await f.decide(application, sitting, { outcome: 'award', amount: '120.00', purpose: 'x' }),
        409,
        'not_awaiting_decision',
      );
      expect(await f.snapshot()).toEqual(before);
      const withdrawn = await f.application(await f.applicant(), '50.00', '2026-04-22');
      await f.ok('POST', `applications/${withdrawn}/withdrawal`, undefined, {
        token: f.panel,
        key: false,
        status: 200,
      });
      await expectProblem(
        await f.decide(withdrawn, sitting, { outcome: 'award', amount: '50.00', purpose: 'x' }),
        409,
        'not_awaiting_decision',
      );
    });

    it('lets exactly one of two decisions racing for the last money in the fund win', async () => {
      const { f, application } = await ready(await make());
      const other = await f.application(await f.applicant(), '450.00', '2026-04-21');
      const sitting = await f.sitting('2026-05-01');
      // Leave 450.00 in the fund, then race two 450.00 awards through two writers.
      const filler = await f.application(await f.applicant(), '450.00', '2026-04-21');
      expect(
        (await f.decide(filler, sitting, { outcome: 'award', amount: '450.00', purpose: 'x' }))
          .status,
      ).toBe(201);
      await f.ok(
        'POST',
        `/v1/alliances/${f.alliance}/applications/${application}/decision`,
        { sittingId: sitting, outcome: 'defer', reason: 'x' },
        { token: f.panel },
      );
      const twin = f.h.twin();
      const [a, b] = await Promise.all([
        f.decide(other, sitting, { outcome: 'award', amount: '450.00', purpose: 'x' }),
        (async () => {
          const third = await f.application(await f.applicant(), '450.00', '2026-04-22');
          return twin(`/v1/alliances/${f.alliance}/applications/${third}/decision`, {
            method: 'POST',
            token: f.panel,
            key: newKey(),
            json: { sittingId: sitting, outcome: 'award', amount: '450.00', purpose: 'x' },
          });
        })(),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((await f.fund()).available).toBe('100.00');
      expect((await f.ok('GET', '/v1/ledger/verify')).ok).toBe(true);
    });
  });

  describe('Small Sparks: payments, cancellations, returns, follow-ups', () => {
    it('pays in parts but never beyond the award, and replays a retried payment', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { award } = await awardOne(f, '100.00');
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'cash',
        amount: '40.00',
        paidOn: '2026-05-02',
      });
      const key = newKey();
      const first = await f.call(
        'POST',
        `awards/${award}/disbursements`,
        f.coordinator,
        { method: 'voucher', amount: '60.00', paidOn: '2026-05-03' },
        key,
      );
      const again = await f.call(
        'POST',
        `awards/${award}/disbursements`,
        f.coordinator,
        { method: 'voucher', amount: '60.00', paidOn: '2026-05-03' },
        key,
      );
      expect(first.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const before = await f.snapshot();
      const p = await expectProblem(
        await f.call('POST', `awards/${award}/disbursements`, f.coordinator, {
          method: 'cash',
          amount: '0.01',
          paidOn: '2026-05-04',
        }),
        409,
        'exceeds_award',
      );
      expect(p.outstanding).toBe('0.00');
      await expectProblem(
        await f.call('POST', `awards/${award}/disbursements`, f.coordinator, {
          method: 'supplier_purchase',
          amount: '1.00',
          paidOn: '2026-05-04',
        }),
        422,
        'supplier_required',
      );
      expect(await f.snapshot()).toEqual(before);
      const detail = await f.ok('GET', `awards/${award}`);
      expect(detail).toMatchObject({ status: 'paid', paid: '100.00', outstanding: '0.00' });
      expect(detail.disbursements.map((d: any) => d.amount)).toEqual(['40.00', '60.00']);
    });

    it('cancels an award: the unpaid remainder goes back to the fund, once', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { award } = await awardOne(f, '100.00');
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'cash',
        amount: '30.00',
        paidOn: '2026-05-02',
      });
      const res = await f.ok('POST', `awards/${award}/cancellation`, {
        reason: 'Moved away',
        cancelledOn: '2026-05-03',
      });
      expect(res.returnedToFund).toBe('70.00');
      expect(await f.fund()).toMatchObject({
        awarded: '100.00',
        paid: '30.00',
        cancelled: '70.00',
        committed: '0.00',
        available: '470.00',
      });
      const before = await f.snapshot();
      await expectProblem(
        await f.call('POST', `awards/${award}/cancellation`, f.coordinator, { reason: 'again' }),
        409,
        'already_cancelled',
      );
      await expectProblem(
        await f.call('POST', `awards/${award}/disbursements`, f.coordinator, {
          method: 'cash',
          amount: '1.00',
          paidOn: '2026-05-04',
        }),
        409,
        'award_cancelled',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('records money handed back, never more than was paid', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { award } = await awardOne(f, '100.00');
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'cash',
        amount: '80.00',
        paidOn: '2026-05-02',
      });
      await f.ok('POST', `awards/${award}/returns`, { amount: '30.00', returnedOn: '2026-05-20' });
      const before = await f.snapshot();
      await expectProblem(
        await f.call('POST', `awards/${award}/returns`, f.coordinator, {
          amount: '50.01',
          returnedOn: '2026-05-21',
        }),
        409,
        'return_exceeds_paid',
      );
      expect(await f.snapshot()).toEqual(before);
      expect(await f.fund()).toMatchObject({
        paid: '80.00',
        returned: '30.00',
        committed: '20.00',
        available: '430.00',
      });
    });

    it('hears or waives a follow-up once, and lists due soon, overdue and heard', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const a = await awardOne(f, '50.00', '2026-05-01');
      const b = await awardOne(f, '50.00', '2026-05-01');
      const c = await awardOne(f, '50.00', '2026-05-01');
      expect((await f.ok('GET', `awards/${a.award}`)).followUp.dueOn).toBe('2026-06-26');
      f.h.setNow('2026-06-20T09:00:00.000Z');
      expect((await f.ok('GET', 'follow-ups?state=due-soon')).items).toHaveLength(3);
      await f.ok(
        'POST',
        `awards/${a.award}/follow-up`,
        {
          heardOn: '2026-06-20',
          inPerson: true,
          difference: 'Went to every session',
          domainsImproved: ['health'],
        },
        { token: f.panel, key: false, status: 200 },
      );
      await f.ok(
        'POST',
        `awards/${b.award}/follow-up/waiver`,
        { reason: 'In hospital' },
        { key: false, status: 200 },
      );
      await expectProblem(
        await f.call(
          'POST',
          `awards/${a.award}/follow-up`,
          f.panel,
          { heardOn: '2026-06-20', inPerson: true, difference: 'again', domainsImproved: [] },
          false,
        ),
        409,
        'follow_up_closed',
      );
      await expectProblem(
        await f.call('POST', `awards/${b.award}/follow-up/waiver`, f.panel, { reason: 'x' }, false),
        403,
        'forbidden',
      );
      f.h.setNow('2026-07-01T09:00:00.000Z');
      expect(
        (await f.ok('GET', 'follow-ups?state=overdue')).items.map((x: any) => x.awardId),
      ).toEqual([c.award]);
      expect(
        (await f.ok('GET', 'follow-ups?state=heard')).items.map((x: any) => x.awardId),
      ).toEqual([a.award]);
      expect(
        (await f.ok('GET', 'follow-ups?state=waived')).items.map((x: any) => x.awardId),
      ).toEqual([b.award]);
    });

    it('shows each application’s timeline from received to heard, with days taken', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      f.h.setNow('2026-05-10T09:00:00.000Z');
      const applicant = await f.applicant();
      const application = await f.application(applicant, '75.00', '2026-05-01');
      const sitting = await f.sitting('2026-05-04');
      const award = (
        await body(
          await f.decide(application, sitting, {
            outcome: 'award',
            amount: '75.00',
            purpose: 'Gym membership',
          }),
        )
      ).award.id;
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'bank_transfer',
        amount: '75.00',
        paidOn: '2026-05-05',
      });
      f.h.setNow('2026-06-10T17:00:00.000Z');
      await f.ok(
        'POST',
        `awards/${award}/follow-up`,
        {
          heardOn: '2026-06-10',
          inPerson: true,
          difference: 'Three times a week now',
          domainsImproved: ['health'],
        },
        { token: f.panel, key: false, status: 200 },
      );
      const detail = await f.ok('GET', `applications/${application}`);
      expect(detail.timeline.map((t: any) => `${t.on} ${t.event}`)).toEqual([
        '2026-05-01 received',
        '2026-05-04 awarded',
        '2026-05-05 paid',
        '2026-06-10 heard',
      ]);
      expect(detail).toMatchObject({ status: 'awarded', daysToDecision: 3, daysToFirstPayment: 4 });
    });
  });

  describe('Small Sparks: privacy and access', () => {
    it('shows auditors amounts, dates, statuses and ledger links, never names, purposes, notes or narratives', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { applicant, application, award } = await awardOne(f, '100.00');
      await f.ok(
        'POST',
        `awards/${award}/follow-up`,
        {
          heardOn: '2026-05-20',
          inPerson: true,
          difference: 'SECRET-NARRATIVE',
          domainsImproved: ['health'],
        },
        { token: f.panel, key: false, status: 200 },
      );
      for (const path of [
        `applicants/${applicant}`,
        'applicants',
        `applications/${application}`,
        'applications',
        `awards/${award}`,
        'awards',
        'follow-ups',
        'working-list',
      ]) {
        const res = await f.call('GET', path, f.auditor, undefined, false);
        expect(res.status, path).toBe(200);
        const text = await res.text();
        expect(text, path).not.toMatch(
          /SECRET-NARRATIVE|Bus pass|monthly bus pass|"name"|"contact"|"notes"|"purpose"|"difference"/,
        );
      }
      const auditorAward = await f.ok('GET', `awards/${award}`, undefined, { token: f.auditor });
      expect(auditorAward).toMatchObject({
        amount: '100.00',
        awardedOn: '2026-05-01',
        entryId: expect.stringMatching(/^ent_/),
        account: `award:${award}`,
      });
      const panelAward = await f.ok('GET', `awards/${award}`, undefined, { token: f.panel });
      expect(panelAward.followUp.difference).toBe('SECRET-NARRATIVE');
      await expectProblem(
        await f.call('POST', 'receipts', f.auditor, {
          funder: 'x',
          amount: '1.00',
          receivedOn: '2026-04-01',
        }),
        403,
        'forbidden',
      );
      await expectProblem(
        await f.call(
          'POST',
          'applications',
          f.auditor,
          {
            applicantId: applicant,
            amountAsked: '1.00',
            purpose: 'x',
            domain: 'health',
            receivedOn: '2026-04-01',
          },
          false,
        ),
        403,
        'forbidden',
      );
    });

    it('keeps panel members and coordinators to their own alliance', async () => {
      const h = await make();
      const f = await sparksFixture(h);
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { applicant, application, award } = await awardOne(f, '100.00');
      const other = await sparksFixture(h, h.otherAlliance);
      for (const token of [other.panel, other.coordinator, other.auditor]) {
        for (const path of [
          'fund',
          'applications',
          `applications/${application}`,
          `applicants/${applicant}`,
          `awards/${award}`,
          'working-list',
        ]) {
          await expectProblem(
            await h.request(`/v1/alliances/${f.alliance}/${path}`, { token }),
            404,
            'alliance_not_found',
          );
        }
        // Their own alliance's routes do not reach the other alliance's records either.
        await expectProblem(
          await h.request(`/v1/alliances/${other.alliance}/awards/${award}`, { token }),
          404,
          'award_not_found',
        );
        await expectProblem(
          await h.request(`/v1/alliances/${other.alliance}/applications/${application}`, { token }),
          404,
          'application_not_found',
        );
      }
      const before = await f.snapshot();
      await expectProblem(
        await other.call(
          'POST',
          `/v1/alliances/${other.alliance}/awards/${award}/disbursements`,
          other.coordinator,
          { method: 'cash', amount: '1.00', paidOn: '2026-05-02' },
        ),
        404,
        'award_not_found',
      );
      const holder = await h.token('holder', { alliance: f.alliance, holder: 'hld_x' });
      await expectProblem(
        await h.request(`/v1/alliances/${f.alliance}/fund`, { token: holder }),
        403,
        'forbidden',
      );
      expect(await f.snapshot()).toEqual(before);
    });

    it('erases an applicant’s personal data while awards, payments and the ledger stay intact and verifiable', async () => {
      const f = await sparksFixture(await make());
      await f.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '500.00',
        receivedOn: '2026-04-01',
      });
      const { applicant, application, award } = await awardOne(f, '100.00');
      await f.ok('POST', `awards/${award}/disbursements`, {
        method: 'cash',
        amount: '100.00',
        paidOn: '2026-05-02',
      });
      await f.ok(
        'POST',
        `awards/${award}/follow-up`,
        {
          heardOn: '2026-05-20',
          inPerson: true,
          difference: 'Personal story',
          domainsImproved: ['health'],
        },
        { token: f.panel, key: false, status: 200 },
      );
      const fundBefore = await f.fund();
      await expectProblem(
        await f.call('POST', `applicants/${applicant}/erasure`, f.panel, undefined, false),
        403,
        'forbidden',
      );
      const erased = await f.ok('POST', `applicants/${applicant}/erasure`, undefined, {
        key: false,
        status: 200,
      });
      expect(erased).toMatchObject({ erased: true, name: null, contact: null });
      const app = await f.ok('GET', `applications/${application}`, undefined, { token: f.panel });
      expect(app).toMatchObject({ purpose: null, notes: null, status: 'awarded' });
      expect(app.award).toMatchObject({ amount: '100.00', paid: '100.00', purpose: null });
      expect(app.award.followUp).toMatchObject({ state: 'heard', difference: null });
      expect(await f.fund()).toEqual(fundBefore);
      expect((await f.ok('GET', '/v1/ledger/verify')).ok).toBe(true);
    });

    it('needs consent to register, and keeps references free of personal detail', async () => {
      const f = await sparksFixture(await make());
      await expectProblem(
        await f.call('POST', 'applicants', f.panel, { name: 'Sam', consent: false }, false),
        422,
        'consent_required',
      );
      const a = await f.ok(
        'POST',
        'applicants',
        { name: 'Sam Smith', consent: true },
        { token: f.panel, key: false },
      );
      expect(a.reference).toMatch(/^SP-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      // Random, not made from the name (a check for initials in it would fail by chance now and then).
      const b = await f.ok(
        'POST',
        'applicants',
        { name: 'Sam Smith', consent: true },
        { token: f.panel, key: false },
      );
      expect(b.reference).not.toBe(a.reference);
    });
  });
}
