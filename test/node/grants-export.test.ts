import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { expectProblem } from '../contract/helpers.js';
import { body, sparksFixture } from '../contract/sparks-helpers.js';
import { makeValidator } from '../support/validate-360.js';

// The published grants data, end to end through the API, validated against the 360Giving schema
// shipped in test/fixtures. (Ajv compiles validators with `new Function`, which workerd forbids,
// so this runs on Node; the export itself is the same code on both runtimes.)
describe('grants data for publishing', () => {
  it('exports awards as a 360Giving package that validates, with anonymous recipients, and a CSV register', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const f = await sparksFixture(h);
    await expectProblem(
      await f.call('GET', 'grants.360giving.json', f.auditor, undefined, false),
      409,
      'nothing_to_publish',
    );
    await f.ok('POST', 'receipts', {
      funder: 'Council',
      amount: '2000.00',
      receivedOn: '2026-04-01',
    });
    const person = await f.applicant('Alex Example');
    const sitting = await f.sitting('2026-05-01');
    const awards: string[] = [];
    for (const [amount, domain] of [
      ['120.50', 'purposeful-activity'],
      ['60.00', 'health'],
      ['300.00', 'housing'],
    ] as const) {
      const application = await f.application(person, amount, '2026-04-28', domain);
      awards.push(
        (
          await body(
            await f.decide(application, sitting, {
              outcome: 'award',
              amount,
              purpose: 'Alex needs a bus pass',
            }),
          )
        ).award.id,
      );
    }
    await f.ok('POST', `awards/${awards[0]}/disbursements`, {
      method: 'cash',
      amount: '120.50',
      paidOn: '2026-05-02',
    });
    await f.ok('POST', `awards/${awards[2]}/disbursements`, {
      method: 'cash',
      amount: '100.00',
      paidOn: '2026-05-02',
    });
    await f.ok('POST', `awards/${awards[2]}/cancellation`, {
      reason: 'Moved',
      cancelledOn: '2026-05-03',
    });

    const res = await f.call('GET', 'grants.360giving.json', f.auditor, undefined, false);
    expect(res.status).toBe(200);
    const text = await res.text();
    const pkg = JSON.parse(text);
    const validate = makeValidator();
    expect(validate(pkg), JSON.stringify(validate.errors)).toBe(true);
    expect(pkg.grants).toHaveLength(3);
    expect(pkg.grants[0]).toMatchObject({
      currency: 'GBP',
      amountAwarded: 120.5,
      awardDate: '2026-05-01',
    });
    expect(text).not.toMatch(/Alex|bus pass/i);
    // One person, one anonymous identifier across their grants.
    const ids = new Set(pkg.grants.map((g: any) => g.recipientIndividual.id));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^360G-/);

    const csv = await f.call('GET', 'grants.csv', f.auditor, undefined, false);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="${f.alliance}-grant-register.csv"`,
    );
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${f.alliance}-grants-360giving.json"`,
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).not.toMatch(/Alex|bus pass/i);

    const may = await f.ok(
      'GET',
      'grants.360giving.json?from=2026-05-01&to=2026-05-31',
      undefined,
      { token: f.auditor },
    );
    expect(may.grants).toHaveLength(3);
    const mayCsv = await f.call(
      'GET',
      'grants.csv?from=2026-05-01&to=2026-05-31',
      f.auditor,
      undefined,
      false,
    );
    expect(mayCsv.headers.get('content-disposition')).toBe(
      `attachment; filename="${f.alliance}-grant-register-from-2026-05-01-to-2026-05-31.csv"`,
    );
    expect((await mayCsv.text()).split('\r\n')[1]).toMatch(
      /,(Paid|Part paid|Awaiting payment)[^,]*,/,
    );
    await expectProblem(
      await f.call('GET', 'grants.360giving.json?from=2026-06-01', f.auditor, undefined, false),
      409,
      'nothing_to_publish',
    );
  });
});
