import { describe, expect, it } from 'vitest';
import { pdfLines } from '../support/pdf-lines.js';
import type { Harness } from './harness.js';
import { body, expectProblem } from './helpers.js';
import { plantedWorld, type PlantedWorld } from './privacy-fixture.js';

/** The markers planted through these operations' fields. */
function markersOf(w: PlantedWorld, ops: RegExp): string[] {
  return [...w.planted.entries()].filter(([field]) => ops.test(field)).map(([, m]) => m);
}

async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (typeof process !== 'undefined' && process.env?.KINDLING_KEEP_PDF)
    (await import('node:fs')).writeFileSync(
      `${process.env.KINDLING_KEEP_PDF}-${res.headers.get('content-disposition')?.match(/"(.*)"/)?.[1]}`,
      bytes,
    );
  const pages = await pdfLines(bytes);
  return pages
    .flat()
    .map((cells) => cells.join(' '))
    .join('\n');
}

export function subjectAccessContract(make: () => Promise<Harness>) {
  describe('privacy: subject access', () => {
    it('exports everything held about an applicant, as JSON and PDF, and logs that it was read', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const A = `/v1/alliances/${w.s.alliance}/applicants/${w.applicant}/subject-access`;
      // A panel member reads the applicant first: the export must say so.
      h.setNow('2026-06-02T09:00:00.000Z');
      await h.request(`/v1/alliances/${w.s.alliance}/applicants/${w.applicant}`, {
        token: w.s.panel,
      });
      h.setNow('2026-06-03T10:00:00.000Z');
      const res = await h.request(A, { token: w.s.coordinator });
      expect(res.status).toBe(200);
      const text = await res.clone().text();
      const sparksWords = markersOf(
        w,
        /^(POST|PATCH) \/v1\/alliances\/\{alliance\}\/(applicants|applications|awards)/,
      );
      // Every word planted about the applicant comes back (the first name was replaced by PATCH).
      const replaced = w.planted.get('POST /v1/alliances/{alliance}/applicants name');
      const contact = w.planted.get('POST /v1/alliances/{alliance}/applicants contact');
      for (const m of sparksWords.filter((m) => m !== replaced && m !== contact))
        expect(text, m).toContain(m);
      // Nothing of the budgets side or of anyone else is in it.
      for (const m of markersOf(w, /^POST \/v1\/(budgets|spends|pools|people)/))
        expect(text).not.toContain(m);
      const view = await body(res);
      expect(view).toMatchObject({
        kind: 'applicant',
        subject: { id: w.applicant, reference: expect.stringMatching(/^SP-/) },
        generatedAt: '2026-06-03T10:00:00.000Z',
      });
      expect(view.applications).toHaveLength(4);
      const paid = view.applications.find((a: any) => a.award?.payments.length);
      expect(paid.award.payments[0]).toMatchObject({ amount: '50.00', paidOn: '2026-05-03' });
      expect(paid.award.followUp).toMatchObject({ status: 'heard', domainsImproved: ['health'] });
      expect(view.accessLog.items[0]).toMatchObject({
        at: '2026-06-02T09:00:00.000Z',
        who: { role: 'panel', tokenName: 'panel test token' },
        what: 'applicant',
        subjectId: w.applicant,
      });

      const pdf = await pdfText(await h.request(`${A}.pdf`, { token: w.s.coordinator }));
      expect(pdf).toContain(`Everything held about ${view.subject.reference}`);
      for (const m of sparksWords.filter((m) => m !== replaced && m !== contact))
        expect(pdf, m).toContain(m);
      expect(pdf).toContain('Bought from a supplier on their behalf');

      // Reading the export is itself in the access log, and in the next export.
      const log = await body(
        await h.request(`/v1/access-log?subject=${w.applicant}`, { token: w.s.coordinator }),
      );
      expect(log.items.slice(0, 2).map((i: any) => [i.what, i.route])).toEqual([
        ['subject access export', `GET ${A}.pdf`],
        ['subject access export', `GET ${A}`],
      ]);
      const again = await body(await h.request(A, { token: w.s.coordinator }));
      expect(again.accessLog.items[0].what).toBe('subject access export');
    });

    it('exports everything held about a budget holder, with every movement of their money', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const holder = w.b.people.holder.id;
      const P = `/v1/people/${holder}/subject-access`;
      const res = await h.request(P, { token: w.s.coordinator });
      expect(res.status).toBe(200);
      const text = await res.clone().text();
      const budgetWords = markersOf(w, /^POST \/v1\/(budgets\/\{budget\}\/spends|spends|pools)/);
      expect(budgetWords.length).toBeGreaterThanOrEqual(7);
      for (const m of budgetWords) expect(text, m).toContain(m);
      expect(text).toContain(`${w.planted.get('POST /v1/people name')}holder`);
      expect(text).not.toContain(`${w.planted.get('POST /v1/people name')}broker`);
      for (const m of markersOf(w, /^(POST|PATCH) \/v1\/alliances/)) expect(text).not.toContain(m);
      const view = await body(res);
      expect(view.subject).toMatchObject({ id: holder, reference: expect.stringMatching(/^IB-/) });
      expect(view.budgets).toHaveLength(2);
      // What came in less what went out is what the budget has, to the penny.
      for (const b of view.budgets) {
        const pence = b.movements
          .filter((m: any) => m.account === 'available')
          .reduce((sum: number, m: any) => sum + Math.round(Number(m.amount) * 100), 0);
        const api = await body(await h.request(`/v1/budgets/${b.id}`, { token: w.s.coordinator }));
        expect(pence, b.id).toBe(Math.round(Number(api.available) * 100));
      }
      expect(view.poolPurchases).toHaveLength(1);
      expect(view.access).toEqual([
        expect.objectContaining({ kind: 'token', role: 'holder', name: 'holder test token' }),
        expect.objectContaining({
          kind: 'sign-in code',
          role: 'holder',
          name: w.planted.get('POST /v1/sign-in-codes personNameOfHolder'),
        }),
      ]);
      const pdf = await pdfText(await h.request(`${P}.pdf`, { token: w.s.coordinator }));
      for (const m of budgetWords) expect(pdf, m).toContain(m);
      expect(pdf).toContain('Budget allocation');

      const supporter = await body(
        await h.request(`/v1/people/${w.b.people.supporter.id}/subject-access`, {
          token: w.s.coordinator,
        }),
      );
      expect(supporter.namedOn[0]).toMatchObject({
        role: 'co_holder',
        removedReason: w.planted.get('POST /v1/budgets/{budget}/parties/{person}/removal reason'),
      });
    });

    it('is linked from an application’s page for coordinators, and opens on the session', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const session = async (token: string) => {
        const res = await h.request('/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ code: token }).toString(),
        });
        return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      };
      const pagePath = `/sparks/applications/${w.applications[0]}`;
      const coordinator = await session(w.s.coordinator);
      const html = await (await h.request(pagePath, { headers: { cookie: coordinator } })).text();
      const link = `/v1/alliances/${w.s.alliance}/applicants/${w.applicant}/subject-access.pdf`;
      expect(html).toContain(`href="${link}"`);
      expect(html).toMatch(/Download everything held about SP-[A-Z0-9-]+ \(PDF\)/);
      const pdf = await h.request(link, { headers: { cookie: coordinator } });
      expect(await pdfText(pdf)).toContain('Everything held about SP-');
      const panel = await session(w.s.panel);
      const theirs = await (await h.request(pagePath, { headers: { cookie: panel } })).text();
      expect(theirs).not.toContain('subject-access');
    });

    it('is for coordinators of the person’s own alliance only', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const paths = [
        `/v1/alliances/${w.s.alliance}/applicants/${w.applicant}/subject-access`,
        `/v1/alliances/${w.s.alliance}/applicants/${w.applicant}/subject-access.pdf`,
        `/v1/people/${w.b.people.holder.id}/subject-access`,
        `/v1/people/${w.b.people.holder.id}/subject-access.pdf`,
      ];
      const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
      for (const path of paths) {
        for (const token of [
          w.s.panel,
          w.s.auditor,
          w.b.people.holder.token,
          w.b.people.broker.token,
        ])
          await expectProblem(await h.request(path, { token }), 403, 'forbidden');
        expect((await h.request(path, { token: elsewhere })).status, path).toBe(404);
        await expectProblem(await h.request(path), 401);
      }
      await expectProblem(
        await h.request(`/v1/people/per_nobody/subject-access`, { token: w.s.coordinator }),
        404,
        'person_not_found',
      );
    });
  });
}
