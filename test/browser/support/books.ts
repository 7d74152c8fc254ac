import { budgetsFixture, type BudgetsFixture } from '../../contract/budgets-helpers.js';
import { sparksFixture, type SparksFixture } from '../../contract/sparks-helpers.js';
import type { Persona } from './pages.js';
import type { RunningApp } from './server.js';

/**
 * Books with something on every page, and long data where a page could overflow: a fund of
 * £1,234,567.50, an applicant waiting, one awarded and part-paid, one paid in full and heard, a
 * sitting with its decisions; budgets held alone, jointly (a co-holder) and managed by a broker,
 * with spends and a pool that bought something.
 */
export interface Books {
  s: SparksFixture;
  f: BudgetsFixture;
  sitting: string;
  waiting: string;
  partPaid: { application: string; award: string };
  paidInFull: { application: string; award: string };
  spends: { holder: string; joint: string; managed: string };
  personas: Persona[];
}

const award = async (s: SparksFixture, application: string, sitting: string, amount: string) => {
  const res = await s.decide(application, sitting, {
    outcome: 'award',
    amount,
    purpose: 'A monthly bus pass to get to college',
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`award: ${res.status} ${text}`);
  return JSON.parse(text).award.id as string;
};

const pay = (s: SparksFixture, awardId: string, amount: string, method = 'voucher') =>
  s.ok('POST', `awards/${awardId}/disbursements`, { method, amount, paidOn: '2026-05-20' });

export async function books(app: RunningApp): Promise<Books> {
  app.setNow('2026-05-20T09:00:00.000Z');
  const s = await sparksFixture(app.harness, app.harness.alliance);
  await s.ok('POST', 'receipts', {
    funder: 'West Sussex County Council Public Health Recovery Fund',
    amount: '1234567.50',
    receivedOn: '2026-05-01',
    restricted: false,
  });
  const [kim, sam, alex] = [
    await s.applicant('Kim Long-Surname-Hyphenated'),
    await s.applicant('Sam Example'),
    await s.applicant('Alex Private'),
  ];
  const partPaidApp = await s.application(kim, '85.00', '2026-05-10');
  const paidApp = await s.application(sam, '120.00', '2026-05-11', 'community');
  const waiting = await s.application(alex, '450.00', '2026-05-12', 'health');
  const sitting = await s.sitting('2026-05-15');
  const partPaidAward = await award(s, partPaidApp, sitting, '85.00');
  const paidAward = await award(s, paidApp, sitting, '120.00');
  await pay(s, partPaidAward, '50.00');
  await pay(s, paidAward, '120.00', 'bank_transfer');
  await s.ok(
    'POST',
    `awards/${paidAward}/follow-up`,
    {
      heardOn: '2026-05-20',
      inPerson: true,
      difference: 'Went to every session',
      domainsImproved: ['community'],
    },
    { token: s.panel, key: false, status: 200 },
  );

  const f = await budgetsFixture(app.harness);
  const own = await f.budget(f.people.holder.id, { allocate: '400.00' });
  const joint = await f.budget(f.people.other.id, { mode: 'joint', allocate: '300.00' });
  const managed = await f.budget(f.people.other.id, { mode: 'managed', allocate: '200.00' });
  const spend = async (budget: string, token: string, amount: string, what: string) =>
    (
      await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Southern Buses and Coaches of the Sussex Coast Limited',
          category: 'travel',
          amount,
          spentOn: '2026-05-01',
          description: what,
        },
        { token },
      )
    ).id as string;
  const spends = {
    holder: await spend(own, f.people.holder.token, '45.00', 'Monthly pass'),
    joint: await spend(joint, f.people.other.token, '150.00', 'Gym for a year'),
    managed: await spend(managed, f.people.broker.token, '30.00', 'Weekly pass'),
  };
  const pool = (
    await f.ok(
      'POST',
      'pools',
      { name: 'Allotment group', coordinatorPersonId: f.people.holder.id, splitRule: 'pro_rata' },
      { key: false },
    )
  ).id;
  for (const [budget, token] of [
    [own, f.people.holder.token],
    [joint, f.people.other.token],
  ] as const) {
    await f.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token, key: false });
    await f.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: budget, amount: '50.00', contributedOn: '2026-05-02' },
      { token },
    );
  }
  await f.ok(
    'POST',
    `pools/${pool}/purchases`,
    {
      provider: 'Garden Centre',
      category: 'community',
      amount: '99.99',
      boughtOn: '2026-05-10',
      description: 'Seeds and tools',
    },
    { token: f.people.holder.token },
  );
  app.setNow('2026-06-01T09:00:00.000Z');
  return {
    s,
    f,
    sitting,
    waiting,
    partPaid: { application: partPaidApp, award: partPaidAward },
    paidInFull: { application: paidApp, award: paidAward },
    spends,
    personas: [
      { name: 'coordinator', role: 'coordinator' },
      { name: 'panel', role: 'panel' },
      { name: 'auditor', role: 'auditor' },
      { name: 'holder', role: 'holder', holder: f.people.holder.id },
      { name: 'co-holder', role: 'holder', holder: f.people.supporter.id },
      { name: 'broker', role: 'broker', holder: f.people.broker.id },
    ],
  };
}
