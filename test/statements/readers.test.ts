import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { pdfLines } from '../support/pdf-lines.js';
import { pdfjsLines } from '../support/pdfjs-lines.js';

// The contract reads PDFs back with pdf.js on Node and with the small reader in workerd, where
// pdf.js does not run. Here both read the same statements: they must agree, cell for cell.
describe('the PDF readers the tests use', () => {
  it('agree on what every statement says', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const f = await sparksFixture(h);
    await f.ok('POST', 'receipts', {
      funder: 'Council – “Small grants” fund',
      amount: '12345.67',
      receivedOn: '2026-04-01',
    });
    const applicant = await f.applicant();
    const application = await f.application(applicant, '100.00', '2026-04-20');
    const sitting = await f.sitting('2026-04-21');
    expect(
      (
        await f.decide(application, sitting, {
          outcome: 'award',
          amount: '100.00',
          purpose: 'Bus pass',
        })
      ).status,
    ).toBe(201);
    for (const path of [
      `/v1/alliances/${f.alliance}/statements/fund.pdf`,
      `/v1/alliances/${f.alliance}/statements/grant-register.pdf`,
      '/v1/ledger/trial-balance.pdf',
      `/v1/accounts/alliance:${f.alliance}:fund:sparks/statement.pdf`,
    ]) {
      const res = await h.request(path, { token: f.auditor });
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      const ours = await pdfLines(bytes);
      expect(ours.flat(2).length).toBeGreaterThan(20);
      expect(ours).toEqual(await pdfjsLines(bytes));
    }
  });
});
