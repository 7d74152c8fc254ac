import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { reminderKindLabel } from '../../src/core/labels.js';
import { runReminders } from '../../src/core/reminders/run.js';
import { sparksFixture } from './sparks-helpers.js';

/**
 * The treasurer's and the reminders pages, driven as a browser would (form posts on a session
 * cookie), with every result read back through the API: a manual entry, its reversal, closing
 * the books, the chain check, and a person's reminder preferences and STOP. Run on Node over
 * SQLite and in workerd over D1, so the pages' use cases hold on both stores.
 */
export async function session(h: Harness, token: string) {
  const res = await h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: new URLSearchParams({ code: token }).toString(),
  });
  expect(res.status).toBe(303);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    get: async (path: string, status = 200) => {
      const got = await h.request(path, { headers: { cookie } });
      const text = await got.text();
      expect(got.status, `${path}: ${text.slice(0, 300)}`).toBe(status);
      return text;
    },
    post: (path: string, fields: Record<string, string>) =>
      h.request(path, {
        method: 'POST',
        headers: {
          cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields).toString(),
      }),
  };
}

/** The idempotency key of the form that posts to `action`. */
const keyIn = (html: string, action: string) =>
  /name="key" value="([^"]+)"/.exec(html.slice(html.indexOf(`action="${action}"`)))?.[1];

export async function world(h: Harness) {
  const s = await sparksFixture(h);
  await s.ok('POST', 'receipts', { funder: 'Council', amount: '900.00', receivedOn: '2026-04-02' });
  // Entries in the chain, as the chain check counts them (one database may hold other alliances).
  const entries = async () => (await s.ok('GET', '/v1/ledger/verify')).entriesChecked as number;
  return { h, s, entries, coordinator: await session(h, s.coordinator) };
}

/** The treasurer's and reminders pages on a runtime: Node over SQLite, Workers over D1. */
export function ledgerPagesContract(make: () => Promise<Harness>) {
  describe('the treasurer’s pages', () => {
    it('opens an account, posts a balanced entry once, and reverses it once', async () => {
      const { h, s, entries, coordinator: web } = await world(await make());
      const bank = `alliance:${h.alliance}:bank`;
      const charges = `alliance:${h.alliance}:bank_charges`;

      const opening = await web.get('/ledger/accounts/new');
      const opened = await web.post('/ledger/accounts', {
        key: keyIn(opening, '/ledger/accounts')!,
        name: 'Bank charges',
        type: 'expense',
      });
      expect(opened.status).toBe(303);
      expect(await web.get(opened.headers.get('location')!)).toContain('Account opened');
      expect((await s.ok('GET', `/v1/accounts/${charges}`)).type).toBe('expense');

      const form = await web.get('/ledger/entries/new');
      const fields = {
        key: keyIn(form, '/ledger/entries')!,
        'on-day': '20',
        'on-month': '5',
        'on-year': '2026',
        reason: 'bank_charges',
        description: 'Bank charges for May',
        'line-1-account': charges,
        'line-1-debit': '12.50',
        'line-2-account': bank,
        'line-2-credit': '12.05',
      };
      const before = await entries();
      const unbalanced = await web.post('/ledger/entries', fields);
      expect(unbalanced.status).toBe(422);
      const refused = await unbalanced.text();
      expect(refused).toContain('The debits (£12.50) and the credits (£12.05) must be equal');
      expect(refused).toContain('value="Bank charges for May"');
      expect(await entries()).toBe(before);

      const balanced = { ...fields, 'line-2-credit': '12.50' };
      const [first, second] = [
        await web.post('/ledger/entries', balanced),
        await web.post('/ledger/entries', balanced),
      ];
      expect(first.status).toBe(303);
      expect(second.headers.get('location')).toBe(first.headers.get('location'));
      expect(await entries()).toBe(before + 1);
      const posted = await web.get(first.headers.get('location')!);
      expect(posted).toContain('Entry posted');
      expect(posted).toContain('£12.50 on 20 May 2026');
      expect((await s.ok('GET', `/v1/accounts/${charges}`)).normalBalance).toBe('12.50');

      const entryPath = first.headers.get('location')!.split('?')[0]!;
      const reverse = { key: keyIn(posted, `${entryPath}/reversal`)!, reason: 'Charged twice' };
      const [r1, r2] = [
        await web.post(`${entryPath}/reversal`, reverse),
        await web.post(`${entryPath}/reversal`, reverse),
      ];
      expect(r1.status).toBe(303);
      expect(r2.headers.get('location')).toBe(r1.headers.get('location'));
      expect(await entries()).toBe(before + 2);
      expect(await web.get(r1.headers.get('location')!)).toContain('Entry reversed');
      expect((await s.ok('GET', `/v1/accounts/${charges}`)).normalBalance).toBe('0.00');

      const again = await web.post(`${entryPath}/reversal`, { key: 'another', reason: 'Again' });
      expect(again.status).toBe(422);
      expect(await again.text()).toContain('This entry has already been reversed');
      expect(await entries()).toBe(before + 2);
    });

    it('closes the books only once confirmed, then refuses entries in the closed period', async () => {
      const { h, s, coordinator: web } = await world(await make());
      const page = await web.get('/ledger/closings');
      expect(page).toContain('This cannot be undone.');
      const fields = {
        key: keyIn(page, '/ledger/closings')!,
        'through-day': '31',
        'through-month': '5',
        'through-year': '2026',
      };
      const unconfirmed = await web.post('/ledger/closings', fields);
      expect(unconfirmed.status).toBe(422);
      expect((await s.ok('GET', '/v1/ledger/closings')).lockedThrough).toBeNull();
      const closed = await web.post('/ledger/closings', { ...fields, confirm: 'yes' });
      expect(closed.status).toBe(303);
      expect(await web.get(closed.headers.get('location')!)).toContain(
        'Up to and including 31 May 2026',
      );
      expect((await s.ok('GET', '/v1/ledger/closings')).lockedThrough).toBe('2026-05-31');

      const form = await web.get('/ledger/entries/new');
      const late = await web.post('/ledger/entries', {
        key: keyIn(form, '/ledger/entries')!,
        'on-day': '15',
        'on-month': '5',
        'on-year': '2026',
        reason: 'manual_adjustment',
        description: 'A correction',
        'line-1-account': `alliance:${h.alliance}:bank`,
        'line-1-debit': '1.00',
        'line-2-account': `alliance:${h.alliance}:fund:sparks`,
        'line-2-credit': '1.00',
      });
      expect(late.status).toBe(422);
      expect(await late.text()).toContain('31 May 2026');
    });

    it('reads the chain check as a sentence, to coordinators and auditors only', async () => {
      const { h, s, coordinator: web } = await world(await make());
      const check = await web.get('/ledger/check');
      const verify = await s.ok('GET', '/v1/ledger/verify');
      expect(check).toContain('The books are intact');
      const n = verify.entriesChecked as number;
      expect(check).toContain(
        `${n.toLocaleString('en-GB')} ${n === 1 ? 'entry' : 'entries'} checked`,
      );
      expect(check).toMatch(/last sealed \d{1,2} [A-Z][a-z]+ 2026 at \d\d:\d\d/);
      const auditor = await session(h, s.auditor);
      expect(await auditor.get('/ledger/check')).toContain('The books are intact');
      await auditor.get('/ledger/entries/new', 403);
      await auditor.get('/ledger', 403);
      await (await session(h, s.panel)).get('/ledger/check', 403);
    });
  });

  describe('the reminders pages', () => {
    it('records how a person is reminded, with consent, and a STOP reply', async () => {
      const { h, s, coordinator: web } = await world(await make());
      const applicant = await s.applicant('R.');
      const { reference } = await s.ok('GET', `applicants/${applicant}`);
      const found = await web.get(`/reminders?reference=${encodeURIComponent(reference)}`, 303);
      expect(found).toBe('');
      const contactPath = `/reminders/contacts/${applicant}`;
      expect(await web.get(contactPath)).toContain(`How ${reference} is reminded`);
      // The page shows a phone number or email address: who opened it is in the access log.
      const log = await s.ok('GET', `/v1/access-log?subject=${applicant}`);
      expect(log.items[0]).toMatchObject({ what: 'reminder contact', route: `GET ${contactPath}` });
      const noConsent = await web.post(contactPath, {
        channel: 'sms',
        'sms-address': '07700 900123',
      });
      expect(noConsent.status).toBe(422);
      expect(await noConsent.text()).toContain('Confirm they agreed');
      const saved = await web.post(contactPath, {
        channel: 'sms',
        'sms-address': '07700 900123',
        consent: 'yes',
      });
      expect(saved.status).toBe(303);
      expect(await web.get(saved.headers.get('location')!)).toContain('Reminders recorded');
      expect((await s.ok('GET', `contacts/${applicant}`)).channel).toBe('sms');

      // An award whose follow-up comes due: one reminder decided and sent, listed by reference.
      const application = await s.application(applicant, '100.00', '2026-04-10');
      await s.decide(application, await s.sitting('2026-04-10'), {
        outcome: 'award',
        amount: '100.00',
        purpose: 'x',
      });
      let n = 0;
      const sent = await runReminders(
        { store: h.store, reminders: h.store.reminders, ids: (p) => `${p}_r${++n}` },
        { name: 'accepting', send: async () => ({ ok: true }) },
        new Date('2026-06-02T10:00:00.000Z'),
        { startHour: 21, endHour: 9, timeZone: 'Europe/London' },
      );
      expect(sent.due).toBeGreaterThan(0);
      const listed = await s.ok('GET', 'reminders');
      const list = await web.get('/reminders');
      expect(list).toContain(`href="/reminders/contacts/${applicant}">${reference}</a>`);
      expect(list).toContain(reminderKindLabel(listed.items[0].kind));
      expect(list).toContain('Sent by text message');
      expect(await web.get('/reminders?status=failed')).toContain('No reminders marked');

      const replies = await web.get('/reminders/replies');
      const stop = await web.post('/reminders/replies', {
        key: keyIn(replies, '/reminders/replies')!,
        from: '07700 900123',
        said: 'STOP',
      });
      expect(stop.status).toBe(303);
      expect(await web.get(stop.headers.get('location')!)).toContain('Reminders stopped');
      expect((await s.ok('GET', `contacts/${applicant}`)).stoppedAt).not.toBeNull();
      expect(await web.get('/reminders')).toContain('Reminders decided');
    });
  });
}
