import { expect } from 'vitest';
import { budgetsFixture, type BudgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { sparksFixture, type SparksFixture } from './sparks-helpers.js';

/** One request that succeeds, and (where there is one) another that differs from it. */
export interface Attempt {
  path: string;
  token: string;
  json?: unknown;
  /** The same key with this request must be refused as a reuse (409). */
  other: { path?: string; json?: unknown };
}

/** A world with both schemes, and a way to make fresh things each operation can act on. */
export interface World {
  h: Harness;
  s: SparksFixture;
  b: BudgetsFixture;
  sitting: string;
  application(): Promise<string>;
  award(paid?: boolean): Promise<string>;
  heldSpend(description?: string): Promise<{ spend: string; budget: string }>;
  pool(): Promise<{ pool: string; budget: string; token: string }>;
  entry(): Promise<string>;
  signInCode(): Promise<string>;
}

export async function makeWorld(h: Harness): Promise<World> {
  const s = await sparksFixture(h);
  await s.ok('POST', 'receipts', {
    funder: 'Community Foundation',
    amount: '5000.00',
    receivedOn: '2026-04-02',
  });
  const b = await budgetsFixture(h);
  const sitting = await s.sitting('2026-05-02');
  const world: World = {
    h,
    s,
    b,
    sitting,
    application: async () => s.application(await s.applicant('Q.'), '60.00', '2026-05-01'),
    async award(paid = false) {
      const res = await s.decide(await world.application(), sitting, {
        outcome: 'award',
        amount: '50.00',
        purpose: 'Bus pass',
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const award = (await body(res)).award.id as string;
      if (paid)
        await s.ok('POST', `awards/${award}/disbursements`, {
          method: 'cash',
          amount: '50.00',
          paidOn: '2026-05-03',
        });
      return award;
    },
    async heldSpend(description = 'Gym') {
      const budget = await b.budget(b.people.holder.id, { mode: 'joint', allocate: '500.00' });
      const spend = await b.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Gym',
          category: 'health',
          amount: '150.00',
          spentOn: '2026-05-05',
          description,
        },
        { token: b.people.holder.token },
      );
      return { spend: spend.id as string, budget };
    },
    async pool() {
      const budget = await b.budget(b.people.holder.id, { allocate: '400.00' });
      const token = b.people.holder.token;
      const pool = (
        await b.ok('POST', 'pools', { name: 'Walkers', coordinatorPersonId: b.people.holder.id })
      ).id as string;
      return { pool, budget, token };
    },
    async entry() {
      const res = await b.ok('POST', 'entries', {
        effectiveDate: '2026-05-08',
        description: 'Correction',
        reasonCode: 'manual_adjustment',
        postings: [
          { account: `alliance:${h.alliance}:bank`, amount: '1.00' },
          { account: `alliance:${h.alliance}:fund:sparks`, amount: '-1.00' },
        ],
      });
      return res.id as string;
    },
    async signInCode() {
      const res = await s.ok('POST', '/v1/sign-in-codes', { role: 'panel', personName: 'R.' });
      return res.signInCode.id as string;
    },
  };
  return world;
}

type Recipe = (w: World) => Promise<Attempt>;
const alliance = (w: World, p: string) => `/v1/alliances/${w.s.alliance}/${p}`;
const changed = (json: Record<string, unknown>, key: string, value: unknown) => ({
  json: { ...json, [key]: value },
});

/**
 * How to make each POST operation of /openapi.json succeed once. The test fails for an operation
 * that has no recipe, so a new POST route is checked as soon as it is documented.
 */
export const RECIPES: Record<string, Recipe> = {
  'POST /v1/accounts': async (w) => {
    const json = { code: `alliance:${w.h.alliance}:expense:idem`, type: 'expense' };
    return {
      path: '/v1/accounts',
      token: w.s.coordinator,
      json,
      other: changed(json, 'type', 'asset'),
    };
  },
  'POST /v1/entries': async (w) => {
    const json = {
      effectiveDate: '2026-05-08',
      description: 'Correction',
      reasonCode: 'manual_adjustment',
      postings: [
        { account: `alliance:${w.h.alliance}:bank`, amount: '2.00' },
        { account: `alliance:${w.h.alliance}:fund:sparks`, amount: '-2.00' },
      ],
    };
    return {
      path: '/v1/entries',
      token: w.s.coordinator,
      json,
      other: changed(json, 'effectiveDate', '2026-05-09'),
    };
  },
  'POST /v1/entries/batch': async (w) => {
    const entry = (amount: string) => ({
      effectiveDate: '2026-05-08',
      description: 'Brought in',
      reasonCode: 'manual_adjustment',
      postings: [
        { account: `alliance:${w.h.alliance}:bank`, amount },
        { account: `alliance:${w.h.alliance}:fund:sparks`, amount: `-${amount}` },
      ],
    });
    const json = { entries: [entry('2.00'), entry('3.00')] };
    return {
      path: '/v1/entries/batch',
      token: w.s.coordinator,
      json,
      other: { json: { entries: [entry('2.00')] } },
    };
  },
  'POST /v1/alliances/{alliance}/reminders/replies': async (w) => {
    const json = { from: '07700 900123', text: 'STOP' };
    return {
      path: `/v1/alliances/${w.s.alliance}/reminders/replies`,
      token: w.s.coordinator,
      json,
      other: { json: { from: '07700 900124', text: 'STOP' } },
    };
  },
  'POST /v1/entries/{id}/reversal': async (w) => {
    const json = { reason: 'Posted twice', effectiveDate: '2026-05-09' };
    return {
      path: `/v1/entries/${await w.entry()}/reversal`,
      token: w.s.coordinator,
      json,
      other: { path: `/v1/entries/${await w.entry()}/reversal` },
    };
  },
  'POST /v1/ledger/closings': async (w) => {
    const json = { closedThrough: '2026-01-31' };
    return {
      path: '/v1/ledger/closings',
      token: w.s.coordinator,
      json,
      other: changed(json, 'closedThrough', '2026-02-28'),
    };
  },
  'POST /v1/alliances': async (w) => {
    const json = { id: w.h.otherAlliance, name: 'Another alliance' };
    const token = await w.h.token('coordinator', { alliance: w.h.otherAlliance });
    return { path: '/v1/alliances', token, json, other: changed(json, 'name', 'Renamed') };
  },
  'POST /v1/alliances/{alliance}/receipts': async (w) => {
    const json = { funder: 'Trust', amount: '10.00', receivedOn: '2026-05-01' };
    return {
      path: alliance(w, 'receipts'),
      token: w.s.coordinator,
      json,
      other: changed(json, 'amount', '11.00'),
    };
  },
  'POST /v1/alliances/{alliance}/panel-members': async (w) => {
    const json = { name: 'K.L.', livedExperience: true };
    return {
      path: alliance(w, 'panel-members'),
      token: w.s.coordinator,
      json,
      other: changed(json, 'name', 'M.N.'),
    };
  },
  'POST /v1/alliances/{alliance}/applicants': async (w) => {
    const json = { name: 'Z.', consent: true };
    return {
      path: alliance(w, 'applicants'),
      token: w.s.panel,
      json,
      other: changed(json, 'name', 'Y.'),
    };
  },
  'POST /v1/alliances/{alliance}/applicants/{applicant}/erasure': async (w) => ({
    path: alliance(w, `applicants/${await w.s.applicant('E.')}/erasure`),
    token: w.s.coordinator,
    other: { path: alliance(w, `applicants/${await w.s.applicant('F.')}/erasure`) },
  }),
  'POST /v1/alliances/{alliance}/applications': async (w) => {
    const json = {
      applicantId: await w.s.applicant('P.'),
      amountAsked: '70.00',
      purpose: 'Course fees',
      domain: 'purposeful-activity',
      receivedOn: '2026-05-01',
    };
    return {
      path: alliance(w, 'applications'),
      token: w.s.panel,
      json,
      other: changed(json, 'amountAsked', '71.00'),
    };
  },
  'POST /v1/alliances/{alliance}/applications/{application}/withdrawal': async (w) => ({
    path: alliance(w, `applications/${await w.application()}/withdrawal`),
    token: w.s.panel,
    other: { path: alliance(w, `applications/${await w.application()}/withdrawal`) },
  }),
  'POST /v1/alliances/{alliance}/applications/{application}/decision': async (w) => {
    const json = { sittingId: w.sitting, outcome: 'award', amount: '40.00', purpose: 'Bus pass' };
    return {
      path: alliance(w, `applications/${await w.application()}/decision`),
      token: w.s.panel,
      json,
      other: changed(json, 'amount', '41.00'),
    };
  },
  'POST /v1/alliances/{alliance}/sittings': async (w) => {
    const json = { heldOn: '2026-05-10', memberIds: w.s.members.slice(0, 3) };
    return {
      path: alliance(w, 'sittings'),
      token: w.s.panel,
      json,
      other: changed(json, 'heldOn', '2026-05-11'),
    };
  },
  'POST /v1/alliances/{alliance}/sittings/{sitting}/conflicts': async (w) => {
    const json = { applicationId: await w.application(), memberId: w.s.members[3] };
    return {
      path: alliance(w, `sittings/${w.sitting}/conflicts`),
      token: w.s.panel,
      json,
      other: changed(json, 'memberId', w.s.members[2]),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/disbursements': async (w) => {
    const json = { method: 'bank_transfer', amount: '10.00', paidOn: '2026-05-03' };
    return {
      path: alliance(w, `awards/${await w.award()}/disbursements`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'amount', '11.00'),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/cancellation': async (w) => {
    const json = { reason: 'Moved away', cancelledOn: '2026-05-04' };
    return {
      path: alliance(w, `awards/${await w.award()}/cancellation`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'reason', 'Changed plans'),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/returns': async (w) => {
    const json = { amount: '5.00', returnedOn: '2026-05-05' };
    return {
      path: alliance(w, `awards/${await w.award(true)}/returns`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'amount', '6.00'),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up': async (w) => {
    const json = {
      heardOn: '2026-05-20',
      inPerson: true,
      difference: 'Got to college',
      domainsImproved: ['health'],
    };
    return {
      path: alliance(w, `awards/${await w.award()}/follow-up`),
      token: w.s.panel,
      json,
      other: changed(json, 'inPerson', false),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/waiver': async (w) => {
    const json = { reason: 'Moved away' };
    return {
      path: alliance(w, `awards/${await w.award()}/follow-up/waiver`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'reason', 'In hospital'),
    };
  },
  'POST /v1/alliances/{alliance}/panel-members/{member}/retirement': async (w) => {
    const member = (
      await w.s.ok('POST', 'panel-members', { name: 'R.', livedExperience: true }, { key: false })
    ).id as string;
    const json = { retiredOn: '2026-05-20' };
    return {
      path: alliance(w, `panel-members/${member}/retirement`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'retiredOn', '2026-05-19'),
    };
  },
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/extension': async (w) => {
    const json = { dueOn: '2026-12-31' };
    return {
      path: alliance(w, `awards/${await w.award()}/follow-up/extension`),
      token: w.s.coordinator,
      json,
      other: changed(json, 'dueOn', '2026-12-30'),
    };
  },
  'POST /v1/people': async (w) => {
    const json = { kind: 'holder', name: 'N.' };
    return {
      path: '/v1/people',
      token: w.b.coordinator,
      json,
      other: changed(json, 'kind', 'broker'),
    };
  },
  'POST /v1/people/{person}/erasure': async (w) => {
    const person = async () => (await w.b.ok('POST', 'people', { kind: 'holder' })).id as string;
    return {
      path: `/v1/people/${await person()}/erasure`,
      token: w.b.coordinator,
      other: { path: `/v1/people/${await person()}/erasure` },
    };
  },
  'POST /v1/streams': async (w) => {
    const json = { name: 'Housing', approvalLimit: '100.00', periodEndRule: 'return' };
    return {
      path: '/v1/streams',
      token: w.b.coordinator,
      json,
      other: changed(json, 'name', 'Work'),
    };
  },
  'POST /v1/streams/{stream}/funding': async (w) => {
    const json = { amount: '100.00', receivedOn: '2026-04-01', funder: 'Council' };
    return {
      path: `/v1/streams/${w.b.stream}/funding`,
      token: w.b.coordinator,
      json,
      other: changed(json, 'amount', '101.00'),
    };
  },
  'POST /v1/budgets': async (w) => {
    const json = {
      holderId: w.b.people.other.id,
      streamId: w.b.stream,
      periodStart: '2026-04-01',
      periodEnd: '2027-03-31',
      controlMode: 'self',
    };
    return {
      path: '/v1/budgets',
      token: w.b.coordinator,
      json,
      other: changed(json, 'periodStart', '2026-04-02'),
    };
  },
  'POST /v1/budgets/{budget}/allocations': async (w) => {
    const json = { amount: '100.00', allocatedOn: '2026-04-02' };
    return {
      path: `/v1/budgets/${await w.b.budget(w.b.people.holder.id)}/allocations`,
      token: w.b.coordinator,
      json,
      other: changed(json, 'amount', '101.00'),
    };
  },
  'POST /v1/budgets/{budget}/spends': async (w) => {
    const budget = await w.b.budget(w.b.people.holder.id, { allocate: '200.00' });
    const json = {
      provider: 'Gym',
      category: 'health',
      amount: '20.00',
      spentOn: '2026-05-05',
      description: 'Gym',
    };
    return {
      path: `/v1/budgets/${budget}/spends`,
      token: w.b.people.holder.token,
      json,
      other: changed(json, 'amount', '21.00'),
    };
  },
  'POST /v1/budgets/{budget}/parties/{person}/removal': async (w) => {
    const joint = () => w.b.budget(w.b.people.holder.id, { mode: 'joint' });
    const supporter = w.b.people.supporter.id;
    return {
      path: `/v1/budgets/${await joint()}/parties/${supporter}/removal`,
      token: w.b.coordinator,
      json: { reason: 'At the holder’s request' },
      other: { path: `/v1/budgets/${await joint()}/parties/${supporter}/removal` },
    };
  },
  'POST /v1/budgets/{budget}/closure': async (w) => {
    const json = { closedOn: '2026-05-31' };
    return {
      path: `/v1/budgets/${await w.b.budget(w.b.people.holder.id, { allocate: '50.00' })}/closure`,
      token: w.b.coordinator,
      json,
      other: changed(json, 'closedOn', '2026-05-30'),
    };
  },
  ...Object.fromEntries(
    (
      [
        ['approval', 'supporter'],
        ['rejection', 'supporter'],
        ['withdrawal', 'holder'],
      ] as const
    ).map(([action, who]) => [
      `POST /v1/spends/{spend}/${action}`,
      async (w: World) => {
        const json = { reason: 'Checked with the holder' };
        return {
          path: `/v1/spends/${(await w.heldSpend()).spend}/${action}`,
          token: w.b.people[who].token,
          json,
          other: changed(json, 'reason', 'Another reason'),
        };
      },
    ]),
  ),
  'POST /v1/pools': async (w) => {
    const json = { name: 'Allotment', coordinatorPersonId: w.b.people.holder.id };
    return {
      path: '/v1/pools',
      token: w.b.coordinator,
      json,
      other: changed(json, 'name', 'Choir'),
    };
  },
  'POST /v1/pools/{pool}/members': async (w) => {
    const { pool, budget, token } = await w.pool();
    const other = await w.b.budget(w.b.people.holder.id);
    return {
      path: `/v1/pools/${pool}/members`,
      token,
      json: { budgetId: budget },
      other: { json: { budgetId: other } },
    };
  },
  'POST /v1/pools/{pool}/contributions': async (w) => {
    const { pool, budget, token } = await w.pool();
    await w.b.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token });
    const json = { budgetId: budget, amount: '30.00', contributedOn: '2026-05-01' };
    return {
      path: `/v1/pools/${pool}/contributions`,
      token,
      json,
      other: changed(json, 'amount', '31.00'),
    };
  },
  'POST /v1/pools/{pool}/purchases': async (w) => {
    const { pool, budget, token } = await w.pool();
    await w.b.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token });
    await w.b.ok(
      'POST',
      `pools/${pool}/contributions`,
      { budgetId: budget, amount: '30.00', contributedOn: '2026-05-01' },
      { token },
    );
    const json = {
      provider: 'Garden centre',
      category: 'community',
      amount: '10.00',
      boughtOn: '2026-05-02',
      description: 'Seeds',
    };
    return {
      path: `/v1/pools/${pool}/purchases`,
      token: w.b.coordinator,
      json,
      other: changed(json, 'amount', '11.00'),
    };
  },
  'POST /v1/pools/{pool}/leaving': async (w) => {
    const { pool, budget, token } = await w.pool();
    await w.b.ok('POST', `pools/${pool}/members`, { budgetId: budget }, { token });
    const json = { budgetId: budget, leftOn: '2026-05-03' };
    return {
      path: `/v1/pools/${pool}/leaving`,
      token,
      json,
      other: changed(json, 'leftOn', '2026-05-04'),
    };
  },
  'POST /v1/sign-in-codes': async (w) => {
    const json = { role: 'panel', personName: 'S.' };
    return {
      path: '/v1/sign-in-codes',
      token: w.s.coordinator,
      json,
      other: changed(json, 'personName', 'T.'),
    };
  },
  'POST /v1/sign-in-codes/{id}/reissue': async (w) => ({
    path: `/v1/sign-in-codes/${await w.signInCode()}/reissue`,
    token: w.s.coordinator,
    json: { days: 3 },
    other: { json: { days: 4 } },
  }),
  'POST /v1/sign-in-codes/{id}/withdraw': async (w) => ({
    path: `/v1/sign-in-codes/${await w.signInCode()}/withdraw`,
    token: w.s.coordinator,
    other: { path: `/v1/sign-in-codes/${await w.signInCode()}/withdraw` },
  }),
};
