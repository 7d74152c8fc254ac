import { describe, expect, it } from 'vitest';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { newKey } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Signs in through the form as a browser would; returns the cookie to send back. */
async function signIn(h: Harness, token: string): Promise<{ cookie: string; location: string }> {
  const res = await h.request('/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' },
    body: form({ code: token }),
  });
  expect(res.status).toBe(303);
  const set = res.headers.get('set-cookie') ?? '';
  // The cookie holds a random session id, never the token.
  expect(set).toMatch(/^kindling_session=[A-Za-z0-9_-]{43};/);
  expect(set).not.toContain(token);
  expect(set).toMatch(/HttpOnly/i);
  expect(set).toMatch(/SameSite=Strict/i);
  return { cookie: set.split(';')[0]!, location: res.headers.get('location')! };
}

const page = async (h: Harness, path: string, cookie: string | null, status = 200) => {
  const res = await h.request(path, cookie ? { headers: { cookie } } : {});
  const text = await res.text();
  expect(res.status, text.slice(0, 500)).toBe(status);
  return { res, text };
};

export function pagesContract(make: () => Promise<Harness>) {
  describe('web pages', () => {
    it('signs a holder in with their access code and shows their budgets, and nobody else’s', async () => {
      const h = await make();
      h.setNow('2026-06-01T09:00:00.000Z');
      const f = await budgetsFixture(h);
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const others = await f.budget(f.people.other.id, { allocate: '200.00' });
      await f.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'Bus Co <script>alert(1)</script>',
          category: 'travel',
          amount: '45.00',
          spentOn: '2026-05-01',
          description: 'Monthly pass',
        },
        { token: f.people.holder.token },
      );

      const signInPage = await page(h, '/sign-in', null);
      expect(signInPage.text).toContain('<form method="post" action="/sign-in"');
      expect(signInPage.res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(signInPage.res.headers.get('cache-control')).toBe('no-store');

      const { cookie, location } = await signIn(h, f.people.holder.token);
      expect(location).toBe('/my');
      const mine = await page(h, '/my', cookie);
      expect(mine.text).toContain(budget);
      expect(mine.text).toContain('£335.00'); // 380.00 after 5% brokerage, less 45.00
      expect(mine.text).toContain('available to spend');
      expect(mine.text).toContain('Monthly pass');
      expect(mine.text).toContain('Bus Co &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(mine.text).not.toContain('<script>');
      expect(mine.text).not.toContain(others);
      expect(mine.text).toContain(
        `/v1/budgets/${budget}/statement.pdf?from=2026-04-01&amp;to=2027-03-31`,
      );

      // The statement link works in the browser with the cookie alone; another holder's does not.
      const pdf = await h.request(
        `/v1/budgets/${budget}/statement.pdf?from=2026-04-01&to=2027-03-31`,
        { headers: { cookie } },
      );
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toContain('application/pdf');
      expect(
        (await h.request(`/v1/budgets/${others}/statement.pdf`, { headers: { cookie } })).status,
      ).toBe(404);
      expect((await h.request(`/v1/me/budgets`, { headers: { cookie } })).status).toBe(200);
    });

    it('never lets the cookie alone move money, and sends the signed-out to sign in', async () => {
      const h = await make();
      const f = await budgetsFixture(h);
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const { cookie } = await signIn(h, f.people.holder.token);
      const before = await f.money(budget);
      const spend = await h.request(`/v1/budgets/${budget}/spends`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'idempotency-key': newKey() },
        body: JSON.stringify({
          provider: 'Bus Co',
          category: 'travel',
          amount: '45.00',
          spentOn: '2026-05-01',
          description: 'Monthly pass',
        }),
      });
      expect(spend.status).toBe(401);
      expect(spend.headers.get('content-type')).toContain('application/problem+json');
      expect(await f.money(budget)).toEqual(before);

      for (const path of ['/my', '/sparks', '/statements']) {
        const res = await page(h, path, null, 303);
        expect(res.res.headers.get('location')).toBe('/sign-in');
      }
      expect((await page(h, '/', null, 303)).res.headers.get('location')).toBe('/sign-in');
      expect((await page(h, '/', cookie, 303)).res.headers.get('location')).toBe('/my');

      // Signing out clears the cookie.
      const out = await h.request('/sign-out', {
        method: 'POST',
        headers: { cookie, origin: 'http://localhost' },
      });
      expect(out.status).toBe(303);
      expect(out.headers.get('set-cookie')).toMatch(/kindling_session=;.*Max-Age=0/i);
    });

    it('refuses a wrong or expired access code, and a form posted from another site', async () => {
      const h = await make();
      const expired = await h.token('holder', {
        holder: 'per_x',
        expiresAt: '2026-05-01T00:00:00.000Z',
      });
      for (const token of ['kdl_not-a-real-token-at-all-000000000000000', expired, '']) {
        const res = await h.request('/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ code: token }),
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('set-cookie')).toBeNull();
        expect(await res.text()).toContain('Enter the sign-in code exactly as it is on your slip');
      }
      const good = await h.token('coordinator');
      const forged = await h.request('/sign-in', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'https://evil.example',
        },
        body: form({ code: good }),
      });
      expect(forged.status).toBe(403);
      expect(forged.headers.get('set-cookie')).toBeNull();
      // A session whose token has since expired goes back to sign in.
      const soon = await h.token('coordinator', { expiresAt: '2026-06-01T11:00:00.000Z' });
      const { cookie } = await signIn(h, soon);
      h.setNow('2026-06-01T12:00:00.000Z');
      expect((await page(h, '/statements', cookie, 303)).res.headers.get('location')).toBe(
        '/sign-in',
      );
    });

    it('shows the panel the working list with what each application is for, and auditors the same without it', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      await s.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '2000.00',
        receivedOn: '2026-05-01',
        restricted: false,
      });
      const applicant = await s.applicant('Jo');
      const application = await s.application(applicant, '120.00', '2026-05-20');

      const panel = await signIn(h, s.panel);
      expect(panel.location).toBe('/sparks');
      const seen = await page(h, '/sparks', panel.cookie);
      expect(seen.text).toContain(application);
      expect(seen.text).toContain('A monthly bus pass to get to college');
      expect(seen.text).toContain('£2,000.00');
      expect(seen.text).toContain(
        `/v1/alliances/${s.alliance}/statements/fund.pdf?from=2026-04-01&amp;to=2027-03-31`,
      );

      const auditor = await signIn(h, s.auditor);
      expect(auditor.location).toBe('/statements');
      const audited = await page(h, '/sparks', auditor.cookie);
      expect(audited.text).toContain(application);
      expect(audited.text).toContain('£120.00');
      expect(audited.text).not.toContain('bus pass');
      expect(audited.text).not.toContain('Jo');

      const statements = await page(h, `/statements?from=2026-04-01&to=2026-09-30`, auditor.cookie);
      // The trial balance is at today (1 June 2026) by default, and at any date asked for.
      expect(statements.text).toContain(`/v1/ledger/trial-balance.pdf?asOf=2026-06-01`);
      const at = await page(
        h,
        '/statements?from=2026-04-01&to=2026-09-30&asof-day=30&asof-month=4&asof-year=2026',
        auditor.cookie,
      );
      expect(at.text).toContain(`/v1/ledger/trial-balance.pdf?asOf=2026-04-30`);
      // The period's standing, its journal, presets, and every account's statement, bank first.
      expect(statements.text).toContain('to date, with figures up to 1 June 2026');
      expect(statements.text).toContain(
        '/v1/ledger/journal.hledger?from=2026-04-01&amp;to=2026-09-30',
      );
      for (const preset of [
        'This financial year (2026 to 2027)',
        'Last financial year (2025 to 2026)',
        'April to June 2026',
        'May 2026',
      ])
        expect(statements.text).toContain(preset);
      expect(statements.text).not.toContain('July 2026<');
      const bankLink = statements.text.indexOf(
        `${encodeURIComponent(`alliance:${s.alliance}:bank`)}/statement.pdf`,
      );
      const fundLink = statements.text.indexOf(
        `${encodeURIComponent(`alliance:${s.alliance}:fund:sparks`)}/statement.pdf`,
      );
      expect(bankLink).toBeGreaterThan(0);
      expect(bankLink).toBeLessThan(fundLink);
      expect(statements.text).toMatch(
        /PDF<span class="visually-hidden"> statement of Bank account</,
      );
      expect(statements.text).toContain(
        `/v1/alliances/${s.alliance}/grants.360giving.json?from=2026-04-01&amp;to=2026-09-30`,
      );
      const fund = await h.request(
        `/v1/alliances/${s.alliance}/statements/fund.pdf?from=2026-04-01&to=2026-09-30`,
        { headers: { cookie: auditor.cookie } },
      );
      expect(fund.status).toBe(200);

      // Panel members get the Small Sparks statements only; a bad period is explained on the page.
      const panelStatements = await page(h, '/statements', panel.cookie);
      expect(panelStatements.text).toContain('statements/fund.pdf');
      expect(panelStatements.text).not.toContain('trial-balance.pdf');
      const bad = await page(h, '/statements?from=2026-09-30&to=2026-04-01', auditor.cookie, 422);
      expect(bad.text).toContain('starts (2026-09-30) after it ends');

      // The pages are no way into another alliance.
      const elsewhere = await sparksFixture(h, h.otherAlliance);
      const other = await page(h, '/sparks', (await signIn(h, elsewhere.panel)).cookie);
      expect(other.text).not.toContain(application);
    });

    it('lets the panel open a sitting, declare a conflict and decide on the page, once per press, refusing what the rules refuse', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      await s.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '1000.00',
        receivedOn: '2026-05-01',
        restricted: false,
      });
      const first = await s.application(await s.applicant('Jo'), '120.00', '2026-05-20');
      const second = await s.application(await s.applicant('Sam'), '600.00', '2026-05-21');
      const { cookie } = await signIn(h, s.panel);
      const submit = (
        path: string,
        fields: Record<string, string | string[]>,
        origin: string | null = 'http://localhost',
      ) => {
        const body = new URLSearchParams();
        for (const [k, v] of Object.entries(fields))
          for (const one of [v].flat()) body.append(k, one);
        return h.request(path, {
          method: 'POST',
          headers: {
            cookie,
            'content-type': 'application/x-www-form-urlencoded',
            ...(origin ? { origin } : {}),
          },
          body: body.toString(),
        });
      };

      const form = await page(h, '/sparks/sittings/new', cookie);
      for (const m of s.members) expect(form.text).toContain(`value="${m}"`);
      // Nobody chosen and no year: both said at the top and beside each question; nothing opened.
      const incomplete = await submit('/sparks/sittings', {
        'heldOn-day': '1',
        'heldOn-month': 'jun',
        'heldOn-year': '',
      });
      expect(incomplete.status).toBe(422);
      const incompleteText = await incomplete.text();
      expect(incompleteText).toContain('<title>Error: Open a panel sitting');
      expect(incompleteText).toContain(
        '<a href="#heldOn-year">The date of the sitting must include a year</a>',
      );
      expect(incompleteText).toContain('<a href="#members">Select everyone who is present</a>');
      expect(incompleteText).toMatch(/id="heldOn-month"[^>]*value="jun"/);
      const opened = await submit('/sparks/sittings', {
        'heldOn-day': ' 1 ',
        'heldOn-month': 'June',
        'heldOn-year': '2026',
        memberIds: s.members.slice(0, 4),
      });
      expect(opened.status).toBe(303);
      const opening = opened.headers.get('location')!;
      expect(opening).toMatch(/^\/sparks\/sittings\/sit_[^?]+\?opened=1$/);
      const sittingPath = opening.split('?')[0]!;
      expect((await page(h, opening, cookie)).text).toMatch(
        /<h1 class="panel__title">Panel sitting opened<\/h1><div class="panel__body">1 June 2026: 4 present<\/div>/,
      );

      let sitting = await page(h, sittingPath, cookie);
      expect(sitting.text).toContain(first);
      expect(sitting.text).toContain(second);
      expect(sitting.text).toContain('A monthly bus pass to get to college');
      const key = new RegExp(
        `name="applicationId" value="${first}"/><input type="hidden" name="key" value="([^"]+)"`,
      ).exec(sitting.text)![1]!;
      // People by what the panel knows them as: SP- reference and initials, never an internal id.
      expect(sitting.text).toMatch(/SP-[A-Z0-9]{4}-[A-Z0-9]{4} \(J\) asks for £120\.00/);
      expect(sitting.text).not.toMatch(/>[^<]*(app|per|awd|sit)_[^<]*</);

      // A conflict: the member no longer counts for that application.
      expect(
        (
          await submit(`${sittingPath}/conflicts`, {
            applicationId: first,
            memberId: s.members[0]!,
          })
        ).status,
      ).toBe(303);
      sitting = await page(h, sittingPath, cookie);
      expect(sitting.text).toContain('3 of 4; conflicts declared by A.B.');

      // Not from our pages: refused, nothing written.
      const decision = {
        applicationId: first,
        key,
        outcome: 'award',
        amount: '£120.00',
        purpose: 'Bus pass',
      };
      expect((await submit(`${sittingPath}/decisions`, decision, null)).status).toBe(403);
      expect(
        (await submit(`${sittingPath}/decisions`, decision, 'https://evil.example')).status,
      ).toBe(403);
      expect(await s.fund()).toMatchObject({ committed: '0.00', available: '1000.00' });

      // Decided; pressing the button again (the same form, the same key) decides nothing more.
      for (let i = 0; i < 2; i++) {
        const done = await submit(`${sittingPath}/decisions`, decision);
        expect(done.status).toBe(303);
        expect(done.headers.get('location')).toBe(`${sittingPath}?decided=${first}`);
      }
      expect(await s.fund()).toMatchObject({ committed: '120.00', available: '880.00' });
      const after = await page(h, `${sittingPath}?decided=${first}`, cookie);
      expect(after.text).toMatch(
        /<h1 class="panel__title">Grant awarded<\/h1><div class="panel__body">£120\.00 to SP-[A-Z0-9-]+ \(J\)<\/div>/,
      );
      expect(after.text).not.toContain(`id="${first}"`);

      // Above the ceiling: refused beside the application, nothing written; a bad amount too.
      const before = await s.snapshot();
      const refused = await submit(`${sittingPath}/decisions`, {
        applicationId: second,
        key: 'k-second',
        outcome: 'award',
        amount: '600.00',
        purpose: 'Course',
      });
      expect([409, 422]).toContain(refused.status);
      const refusedText = await refused.text();
      // Back to that application: the summary at the top links to the amount, whose message sits
      // beside it, the field marked invalid, and what was typed kept.
      expect(refusedText).toContain('<title>Error: Panel sitting');
      expect(refusedText).toMatch(
        new RegExp(`class="error-summary"[\\s\\S]*<a href="#${second}-amount">[^<]*500\\.00`),
      );
      expect(refusedText).toMatch(
        new RegExp(`id="${second}-amount-error" class="error-message">[\\s\\S]{0,120}£500\\.00`),
      );
      expect(refusedText).toMatch(
        new RegExp(
          `id="${second}-amount"[^>]*value="600\\.00"[^>]*aria-describedby="${second}-amount-hint ${second}-amount-error" aria-invalid="true"`,
        ),
      );
      expect(refusedText).toMatch(
        new RegExp(`id="${second}-outcome" name="outcome" type="radio" value="award" checked=""`),
      );
      expect(refusedText.indexOf('error-summary')).toBeLessThan(refusedText.indexOf('<h1>'));
      const garbled = await submit(`${sittingPath}/decisions`, {
        applicationId: second,
        key: 'k-garbled',
        outcome: 'award',
        amount: '12.345',
        purpose: 'Course',
      });
      expect(garbled.status).toBe(422);
      expect(await garbled.text()).toContain('at most two decimal places');
      expect(await s.snapshot()).toEqual(before);

      // Auditors read; they do not sit.
      const auditor = await signIn(h, s.auditor);
      expect(
        (await h.request('/sparks/sittings/new', { headers: { cookie: auditor.cookie } })).status,
      ).toBe(403);
      const audited = await page(h, sittingPath, auditor.cookie, 403);
      expect(audited.text).not.toContain('bus pass');
      expect(
        (
          await submit(`${sittingPath}/conflicts`, {
            applicationId: second,
            memberId: s.members[1]!,
          })
        ).status,
      ).toBe(303);
      const auditorPost = await h.request(`${sittingPath}/decisions`, {
        method: 'POST',
        headers: {
          cookie: auditor.cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          applicationId: second,
          key: 'k-aud',
          outcome: 'defer',
        }).toString(),
      });
      expect(auditorPost.status).toBe(403);
      expect(await s.snapshot()).toEqual(before);
    });

    it('records an application made in person, registering only what the person gives, and the follow-up when they come back', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      await s.ok('POST', 'receipts', {
        funder: 'Council',
        amount: '1000.00',
        receivedOn: '2026-05-01',
        restricted: false,
      });
      const { cookie } = await signIn(h, s.panel);
      const submit = (path: string, fields: Record<string, string | string[]>) => {
        const body = new URLSearchParams();
        for (const [k, v] of Object.entries(fields))
          for (const one of [v].flat()) body.append(k, one);
        return h.request(path, {
          method: 'POST',
          headers: {
            cookie,
            'content-type': 'application/x-www-form-urlencoded',
            origin: 'http://localhost',
          },
          body: body.toString(),
        });
      };
      const applicants = async () =>
        (await s.ok('GET', 'applicants', undefined, { token: s.panel })).items.length as number;
      const asked = {
        name: 'Jo',
        amount: '£85',
        purpose: 'Interview fares',
        domain: 'purposeful-activity',
        'receivedOn-day': '30',
        'receivedOn-month': '5',
        'receivedOn-year': '2026',
        notes: 'Needs it by Friday',
      };

      expect((await page(h, '/sparks/applications/new', cookie)).text).toContain('name="consent"');
      const before = await s.snapshot();
      const noConsent = await submit('/sparks/applications', asked);
      expect(noConsent.status).toBe(422);
      const noConsentText = await noConsent.text();
      expect(noConsentText).toContain('tick the box if they agree');
      expect(noConsentText).toContain('<a href="#consent">Ask the person');
      expect(noConsentText).toContain('>Interview fares</textarea>'); // what was typed is kept
      expect(noConsentText).toMatch(
        /id="domain-3" name="domain" type="radio" value="purposeful-activity" checked=""/,
      );
      // Every wrong answer at once, each beside its question; a date that does not exist is refused.
      const wrong = await submit('/sparks/applications', {
        ...asked,
        consent: 'yes',
        amount: '',
        purpose: '',
        'receivedOn-day': '31',
        'receivedOn-month': 'feb',
      });
      expect(wrong.status).toBe(422);
      const wrongText = await wrong.text();
      for (const [id, message] of [
        ['amount', 'Enter how much they asked for'],
        ['purpose', 'Enter what it is for, in their words'],
        ['receivedOn-day', 'The date they asked must be a real date'],
      ])
        expect(wrongText).toContain(`<a href="#${id}">${message}</a>`);
      expect(
        (await submit('/sparks/applications', { ...asked, consent: 'yes', amount: '12.345' }))
          .status,
      ).toBe(422);
      expect(
        (await submit('/sparks/applications', { ...asked, consent: 'yes', domain: 'drugs' }))
          .status,
      ).toBe(422);
      expect(await applicants()).toBe(0);
      expect(await s.snapshot()).toEqual(before);

      const recorded = await submit('/sparks/applications', { ...asked, consent: 'yes' });
      expect(recorded.status).toBe(303);
      const location = recorded.headers.get('location')!;
      const [, applicationId, reference] =
        /^\/sparks\/applications\/(app_[^?]+)\?reference=(SP-[A-Z0-9-]+)$/.exec(location)!;
      const shown = await page(h, location, cookie);
      expect(shown.text).toContain(`The person’s reference is <b>${reference}</b>`);
      expect(shown.text).toContain('Interview fares');
      expect(shown.text).toContain('£85.00');
      expect(await applicants()).toBe(1);

      // They come back another time: found by their reference (however typed), not registered again.
      const again = await submit('/sparks/applications', {
        ...asked,
        name: '',
        reference: reference!.toLowerCase(),
        amount: '40',
        purpose: 'Boots for work',
      });
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).not.toContain('reference=');
      expect(await applicants()).toBe(1);
      expect(
        (await submit('/sparks/applications', { ...asked, reference: 'SP-0000-0000' })).status,
      ).toBe(422);

      // Awarded at a sitting; then the follow-up, recorded on its page.
      const sitting = await s.sitting('2026-06-01');
      expect(
        (
          await s.decide(applicationId!, sitting, {
            outcome: 'award',
            amount: '85.00',
            purpose: 'Interview fares',
          })
        ).status,
      ).toBe(201);
      const award = (
        await s.ok('GET', `applications/${applicationId}`, undefined, { token: s.panel })
      ).award.id as string;
      expect((await page(h, `/sparks/applications/${applicationId}`, cookie)).text).toContain(
        `<a href="/sparks/awards/${award}/follow-up">Record that they came back</a>`,
      );
      expect((await page(h, `/sparks/awards/${award}/follow-up`, cookie)).text).toContain(
        'What difference it made',
      );
      expect(
        (
          await submit(`/sparks/awards/${award}/follow-up`, {
            'heardOn-day': '1',
            'heardOn-month': '6',
            'heardOn-year': '2026',
            inPerson: 'yes',
            difference: '',
          })
        ).status,
      ).toBe(422);
      const heard = await submit(`/sparks/awards/${award}/follow-up`, {
        'heardOn-day': '1',
        'heardOn-month': '6',
        'heardOn-year': '2026',
        inPerson: 'yes',
        difference: 'Got the job',
        domainsImproved: ['purposeful-activity', 'community'],
      });
      expect(heard.status).toBe(303);
      expect(heard.headers.get('location')).toBe(`/sparks/applications/${applicationId}?heard=1`);
      const after = await page(h, `/sparks/applications/${applicationId}?heard=1`, cookie);
      expect(after.text).toContain('<h1 class="panel__title">Follow-up recorded</h1>');
      expect(after.text).toContain(`${reference} (J) came back on 1 June 2026`);
      expect(after.text).toContain('Got the job');
      expect(after.text).toMatch(/heard 1 June 2026 in person/);
      expect(
        (await s.ok('GET', `applications/${applicationId}`, undefined, { token: s.panel })).award
          .followUp,
      ).toMatchObject({
        state: 'heard',
        inPerson: true,
        domainsImproved: ['purposeful-activity', 'community'],
      });
      expect(
        (
          await submit(`/sparks/awards/${award}/follow-up`, {
            'heardOn-day': '1',
            'heardOn-month': '6',
            'heardOn-year': '2026',
            inPerson: 'no',
            difference: 'Again',
          })
        ).status,
      ).toBe(409);

      // The coordinator pays it on the page: part now, pressing twice pays once, never more than is left.
      const coordinator = await signIn(h, s.coordinator);
      const pay = (fields: Record<string, string>, origin = 'http://localhost') =>
        h.request(`/sparks/awards/${award}/payments`, {
          method: 'POST',
          headers: {
            cookie: coordinator.cookie,
            origin,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(fields).toString(),
        });
      expect((await page(h, '/sparks', coordinator.cookie)).text).toContain(
        `/sparks/awards/${award}/payments`,
      );
      const payForm = await page(h, `/sparks/awards/${award}/payments`, coordinator.cookie);
      const payKey = /name="key" value="([^"]+)"/.exec(payForm.text)![1]!;
      expect(payForm.text).toContain('value="85.00"');
      const first = {
        key: payKey,
        amount: '50.00',
        method: 'voucher',
        'paidOn-day': '1',
        'paidOn-month': '6',
        'paidOn-year': '2026',
      };
      expect((await pay(first, 'https://evil.example')).status).toBe(403);
      for (let i = 0; i < 2; i++) {
        const paid = await pay(first);
        expect(paid.status).toBe(303);
        expect(paid.headers.get('location')).toBe(`/sparks/awards/${award}/payments?paid=1`);
      }
      expect(
        (await page(h, `/sparks/awards/${award}/payments?paid=1`, coordinator.cookie)).text,
      ).toContain(`£50.00 paid to ${reference} (J). £35.00 still to pay`);
      expect(await s.fund()).toMatchObject({ paid: '50.00', committed: '35.00' });
      const tooMuch = await pay({
        key: 'k-too-much',
        amount: '40.00',
        method: 'cash',
        'paidOn-day': '1',
        'paidOn-month': '6',
        'paidOn-year': '2026',
      });
      expect(tooMuch.status).toBe(409);
      const tooMuchText = await tooMuch.text();
      expect(tooMuchText).toContain('Enter £35.00 or less: that is what is still to pay');
      expect(tooMuchText).toContain('<a href="#amount">');
      expect(tooMuchText).toMatch(/id="amount"[^>]*value="40\.00"/);
      expect(
        (
          await pay({
            key: 'k-supplier',
            amount: '35.00',
            method: 'supplier_purchase',
            'paidOn-day': '1',
            'paidOn-month': '6',
            'paidOn-year': '2026',
          })
        ).status,
      ).toBe(422);
      expect(await s.fund()).toMatchObject({ paid: '50.00', committed: '35.00' });
      expect(
        (await h.request(`/sparks/awards/${award}/payments`, { headers: { cookie } })).status,
      ).toBe(403);

      // An auditor sees the amounts, dates and reference; never the name, the purpose, the notes or what they said.
      const auditor = await signIn(h, s.auditor);
      const audited = await page(h, `/sparks/applications/${applicationId}`, auditor.cookie);
      expect(audited.text).toContain(reference);
      expect(audited.text).toContain('£85.00');
      for (const secret of ['Jo', 'Interview fares', 'Needs it by Friday', 'Got the job'])
        expect(audited.text).not.toContain(secret);
      expect(
        (
          await h.request(`/sparks/awards/${award}/follow-up`, {
            headers: { cookie: auditor.cookie },
          })
        ).status,
      ).toBe(403);
      expect(
        (await h.request('/sparks/applications/new', { headers: { cookie: auditor.cookie } }))
          .status,
      ).toBe(403);
      const auditorPost = await h.request('/sparks/applications', {
        method: 'POST',
        headers: {
          cookie: auditor.cookie,
          origin: 'http://localhost',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ ...asked, consent: 'yes' }).toString(),
      });
      expect(auditorPost.status).toBe(403);
    });

    it('draws where a holder’s money went by kind of spend, and the fund month by month', async () => {
      const h = await make();
      h.setNow('2026-06-01T09:00:00.000Z');
      const f = await budgetsFixture(h);
      const budget = await f.budget(f.people.holder.id, { allocate: '400.00' });
      const spend = (category: string, amount: string, spentOn: string) =>
        f.ok(
          'POST',
          `budgets/${budget}/spends`,
          { provider: 'Bus Co', category, amount, spentOn, description: 'Pass' },
          { token: f.people.holder.token },
        );
      await spend('travel', '45.00', '2026-04-20');
      await spend('travel', '12.50', '2026-05-01');
      await spend('purposeful-activity', '80.00', '2026-05-02');
      const { cookie } = await signIn(h, f.people.holder.token);
      const mine = (await page(h, '/my', cookie)).text;
      // One bar per kind, largest first, summed from the approved spends to the penny.
      const chart = mine.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
      expect(chart).toContain('role="img"');
      expect(chart).toContain('<title>Spent by kind of spend</title>');
      expect(chart.match(/<rect /g)?.length).toBe(2);
      expect(mine).toMatch(/Purposeful activity[^<]*: £80\.00[\s\S]*Travel: £57\.50/);
      expect(mine).not.toMatch(/<script/i);

      const s = await sparksFixture(h, h.alliance);
      await s.ok('POST', 'receipts', {
        funder: 'Trust',
        amount: '500.00',
        receivedOn: '2026-04-03',
      });
      await s.ok('POST', 'receipts', {
        funder: 'Trust',
        amount: '250.00',
        receivedOn: '2026-05-10',
      });
      const sparks = (await page(h, '/sparks', (await signIn(h, s.coordinator)).cookie)).text;
      expect(sparks).toContain('<title>The fund at the end of each month</title>');
      expect(sparks.match(/<circle /g)?.length).toBe(3);
      for (const line of ['30 April 2026: £500.00', '31 May 2026: £750.00', '1 June 2026: £750.00'])
        expect(sparks).toContain(line);
    });
  });
}
