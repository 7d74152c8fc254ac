import { expect } from 'vitest';
import { budgetsFixture, type BudgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { sparksFixture, type SparksFixture } from './sparks-helpers.js';

/**
 * Every free-text field the API accepts, by operation, with the marker planted in it. Fields that
 * name organisations rather than people (an alliance, a funder, a stream, a pool) are listed as
 * not personal, with the reason; the auditor test fails when /openapi.json gains a free-text
 * field that is in neither list, so a new route cannot slip past it.
 */
export const NOT_PERSONAL: Record<string, string> = {
  'POST /v1/alliances name': 'the alliance’s own name',
  'PATCH /v1/alliances/{alliance} name': 'the alliance’s own name',
  'POST /v1/alliances/{alliance}/receipts funder': 'an organisation',
  'POST /v1/alliances/{alliance}/receipts reference': 'the funder’s remittance reference',
  'POST /v1/streams name': 'a funding stream',
  'POST /v1/streams/{stream}/funding funder': 'an organisation',
  'POST /v1/pools name': 'a group purchase, named by the alliance',
  'POST /v1/accounts name': 'an account the coordinator opens by hand',
  'POST /v1/alliances timeZone': 'the alliance’s time zone',
  'POST /v1/alliances bankName': 'the alliance’s own bank',
  'POST /v1/alliances contactLine': 'how to reach the alliance',
  'PATCH /v1/alliances/{alliance} timeZone': 'the alliance’s time zone',
  'PATCH /v1/alliances/{alliance} bankName': 'the alliance’s own bank',
  'PATCH /v1/alliances/{alliance} contactLine': 'how to reach the alliance',
  'POST /v1/streams allowedProviders[]': 'the organisations a stream pays, tied to nobody',
  'POST /v1/streams coreProviders[]': 'the organisations a stream’s reserve pays, tied to nobody',
};

/** Free-text fields that only carry ids (they are checked against the database, not shown). */
export const ID_FIELDS = new Set([
  'id',
  'applicantId',
  'sittingId',
  'memberIds[]',
  'applicationId',
  'memberId',
  'holderId',
  'streamId',
  'coHolderIds[]',
  'brokerId',
  'coordinatorPersonId',
  'budgetId',
  // Money: decimal strings, checked as such.
  'amount',
  'amountAsked',
  'grantCeiling',
  'grantFloor',
  'approvalLimit',
  'reserve',
  'postings[].amount',
  'entries[].postings[].amount',
]);

export interface PlantedWorld {
  s: SparksFixture;
  b: BudgetsFixture;
  /** `METHOD path field` → the marker planted there. */
  planted: Map<string, string>;
  applicant: string;
  applications: string[];
  awards: string[];
  budgets: string[];
  spends: string[];
  pool: string;
  entries: string[];
  sitting: string;
  signInCodes: string[];
  /** People whose reminder choice is recorded (applicant, holder). */
  subjects: string[];
}

/** Unique per world, so worlds sharing one D1 database in a test file never see each other's. */
const marker = (field: string, world: string) =>
  `MKR${field.replace(/[^A-Za-z]/g, '').toUpperCase()}${world}X`;

/** A Small Sparks alliance and a budgets scheme on one harness, every personal field planted. */
export async function plantedWorld(h: Harness): Promise<PlantedWorld> {
  const planted = new Map<string, string>();
  const plant = (op: string, field: string) => {
    const m = marker(`${op.split(' ')[1]!.split('/').slice(-2).join('')}${field}`, h.alliance);
    planted.set(`${op} ${field}`, m);
    return m;
  };
  const s = await sparksFixture(h);
  const A = '/v1/alliances/{alliance}';
  await s.ok('POST', 'receipts', {
    funder: 'Community Foundation',
    amount: '2000.00',
    receivedOn: '2026-04-02',
    reference: 'CF-2026-1',
  });
  await s.ok('POST', 'panel-members', {
    name: plant(`POST ${A}/panel-members`, 'name'),
    livedExperience: true,
  });
  const applicant = (
    await s.ok(
      'POST',
      'applicants',
      {
        name: plant(`POST ${A}/applicants`, 'name'),
        contact: plant(`POST ${A}/applicants`, 'contact'),
        consent: true,
      },
      { token: s.panel },
    )
  ).id as string;
  await s.ok(
    'PATCH',
    `applicants/${applicant}`,
    {
      name: plant(`PATCH ${A}/applicants/{applicant}`, 'name'),
      contact: plant(`PATCH ${A}/applicants/{applicant}`, 'contact'),
    },
    { token: s.panel, status: 200 },
  );
  const applications: string[] = [];
  for (const [i, amount] of ['100.00', '80.00', '60.00', '40.00'].entries()) {
    applications.push(
      (
        await s.ok(
          'POST',
          'applications',
          {
            applicantId: applicant,
            amountAsked: amount,
            purpose: `${plant(`POST ${A}/applications`, 'purpose')}${i}`,
            notes: plant(`POST ${A}/applications`, 'notes'),
            domain: 'health',
            receivedOn: '2026-05-01',
          },
          { token: s.panel },
        )
      ).id,
    );
  }
  const sitting = await s.sitting('2026-05-02');
  const awards: string[] = [];
  for (const application of applications.slice(0, 3)) {
    const res = await s.decide(application, sitting, {
      outcome: 'award',
      amount: '50.00',
      purpose: plant(`POST ${A}/applications/{application}/decision`, 'purpose'),
      reason: plant(`POST ${A}/applications/{application}/decision`, 'reason'),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    awards.push((await body(res)).award.id);
  }
  const declined = await s.decide(applications[3]!, sitting, {
    outcome: 'decline',
    reason: plant(`POST ${A}/applications/{application}/decision`, 'reason'),
  });
  expect(declined.status, await declined.clone().text()).toBe(201);
  const [paid, cancelled, waived] = awards as [string, string, string];
  await s.ok('POST', `awards/${paid}/disbursements`, {
    method: 'supplier_purchase',
    amount: '50.00',
    paidOn: '2026-05-03',
    supplier: plant(`POST ${A}/awards/{award}/disbursements`, 'supplier'),
    reference: plant(`POST ${A}/awards/{award}/disbursements`, 'reference'),
  });
  await s.ok(
    'POST',
    `awards/${paid}/follow-up`,
    {
      heardOn: '2026-05-20',
      inPerson: true,
      difference: plant(`POST ${A}/awards/{award}/follow-up`, 'difference'),
      domainsImproved: ['health'],
    },
    { token: s.panel, status: 200 },
  );
  await s.ok('POST', `awards/${cancelled}/cancellation`, {
    reason: plant(`POST ${A}/awards/{award}/cancellation`, 'reason'),
    cancelledOn: '2026-05-04',
  });
  await s.ok(
    'POST',
    `awards/${waived}/follow-up/waiver`,
    { reason: plant(`POST ${A}/awards/{award}/follow-up/waiver`, 'reason') },
    { status: 200 },
  );

  const b = await budgetsFixture(h);
  const people = await plantPeople(b, plant);
  const joint = await b.budget(people.holder, {
    mode: 'joint',
    allocate: '900.00',
    coHolders: [people.supporter],
  });
  const managed = await b.budget(people.holder, {
    mode: 'managed',
    allocate: '300.00',
    broker: people.broker,
  });
  const spend = (budget: string, amount: string, token: string) =>
    b.ok(
      'POST',
      `budgets/${budget}/spends`,
      {
        provider: plant('POST /v1/budgets/{budget}/spends', 'provider'),
        category: 'health',
        amount,
        spentOn: '2026-05-05',
        description: plant('POST /v1/budgets/{budget}/spends', 'description'),
      },
      { token },
    );
  const small = await spend(joint, '20.00', b.people.holder.token);
  const approved = await spend(joint, '150.00', b.people.holder.token);
  const rejected = await spend(joint, '150.00', b.people.holder.token);
  const withdrawn = await spend(joint, '120.00', b.people.holder.token);
  const brokered = await spend(managed, '30.00', b.people.broker.token);
  await b.ok(
    'POST',
    `spends/${approved.id}/approval`,
    { reason: plant('POST /v1/spends/{spend}/approval', 'reason') },
    { token: b.people.supporter.token, status: 200 },
  );
  await b.ok(
    'POST',
    `spends/${rejected.id}/rejection`,
    { reason: plant('POST /v1/spends/{spend}/rejection', 'reason') },
    { token: b.people.supporter.token, status: 200 },
  );
  await b.ok(
    'POST',
    `spends/${withdrawn.id}/withdrawal`,
    { reason: plant('POST /v1/spends/{spend}/withdrawal', 'reason') },
    { token: b.people.holder.token, status: 200 },
  );
  const pool = (
    await b.ok(
      'POST',
      'pools',
      { name: 'Walking group', coordinatorPersonId: people.supporter },
      { key: false },
    )
  ).id as string;
  const broker = { token: b.people.broker.token };
  await b.ok('POST', `pools/${pool}/members`, { budgetId: managed }, { ...broker, key: false });
  await b.ok(
    'POST',
    `pools/${pool}/contributions`,
    { budgetId: managed, amount: '60.00', contributedOn: '2026-05-06' },
    broker,
  );
  await b.ok('POST', `pools/${pool}/purchases`, {
    provider: plant('POST /v1/pools/{pool}/purchases', 'provider'),
    category: 'health',
    amount: '20.00',
    boughtOn: '2026-05-07',
    description: plant('POST /v1/pools/{pool}/purchases', 'description'),
  });
  await b.ok(
    'POST',
    `budgets/${joint}/parties/${people.supporter}/removal`,
    { reason: plant('POST /v1/budgets/{budget}/parties/{person}/removal', 'reason') },
    { key: false, status: 200 },
  );

  const manual = await b.ok('POST', 'entries', {
    effectiveDate: '2026-05-08',
    description: plant('POST /v1/entries', 'description'),
    reasonCode: 'manual_adjustment',
    postings: [
      { account: `alliance:${h.alliance}:bank`, amount: '1.00' },
      { account: `alliance:${h.alliance}:fund:sparks`, amount: '-1.00' },
    ],
  });
  await b.ok('POST', 'entries/batch', {
    entries: [
      {
        effectiveDate: '2026-05-08',
        description: plant('POST /v1/entries/batch', 'entries[].description'),
        reasonCode: 'manual_adjustment',
        postings: [
          { account: `alliance:${h.alliance}:bank`, amount: '1.00' },
          { account: `alliance:${h.alliance}:fund:sparks`, amount: '-1.00' },
        ],
      },
    ],
  });
  const reversal = await b.ok('POST', `entries/${manual.id}/reversal`, {
    reason: plant('POST /v1/entries/{id}/reversal', 'reason'),
    effectiveDate: '2026-05-09',
  });
  // A sign-in code names the person it is for: coordinators read it, auditors never.
  const issued = await h.request('/v1/sign-in-codes', {
    method: 'POST',
    token: s.coordinator,
    json: { role: 'panel', personName: plant('POST /v1/sign-in-codes', 'personName') },
    key: 'plant-sign-in-code',
  });
  if (issued.status !== 201) throw new Error(`sign-in code not issued: ${issued.status}`);
  const signInCode = ((await issued.json()) as { signInCode: { id: string } }).signInCode.id;
  // And the holder's own code names them: erasing the holder must blank it.
  const holderCode = await h.request('/v1/sign-in-codes', {
    method: 'POST',
    token: s.coordinator,
    json: {
      role: 'holder',
      holderId: people.holder,
      personName: plant('POST /v1/sign-in-codes', 'personNameOfHolder'),
    },
    key: 'plant-holder-sign-in-code',
  });
  if (holderCode.status !== 201) throw new Error(`holder's code not issued: ${holderCode.status}`);
  // How the applicant and the holder are reminded (an email address is the planted word), and a
  // reply the gateway passed on: its words are ignored and never stored.
  const address = `${plant(`PUT ${A}/contacts/{subject}`, 'address')}@example.org`;
  for (const subject of [applicant, people.holder])
    await s.ok(
      'PUT',
      `contacts/${subject}`,
      { channel: 'email', address, consent: true },
      { token: s.panel, key: false, status: 200 },
    );
  await s.ok(
    'POST',
    'reminders/replies',
    {
      from: `${plant(`POST ${A}/reminders/replies`, 'from')}@example.org`,
      text: plant(`POST ${A}/reminders/replies`, 'text'),
    },
    { key: false, status: 200 },
  );
  return {
    s,
    b,
    planted,
    signInCodes: [signInCode],
    subjects: [applicant, people.holder],
    applicant,
    applications,
    awards,
    budgets: [joint, managed],
    spends: [small.id, approved.id, rejected.id, withdrawn.id, brokered.id],
    pool,
    entries: [manual.id, reversal.id],
    sitting,
  };
}

/** Fresh holder, supporter and broker records with planted names (the fixture's have none). */
async function plantPeople(b: BudgetsFixture, plant: (op: string, field: string) => string) {
  const ids: Record<'holder' | 'supporter' | 'broker', string> = {
    holder: '',
    supporter: '',
    broker: '',
  };
  for (const kind of ['holder', 'supporter', 'broker'] as const) {
    const person = await b.ok(
      'POST',
      'people',
      { kind, name: `${plant('POST /v1/people', 'name')}${kind}` },
      { key: false },
    );
    ids[kind] = person.id;
    b.people[kind] = {
      id: person.id,
      token: await b.h.token(kind === 'broker' ? 'broker' : 'holder', { holder: person.id }),
    };
  }
  return ids;
}
