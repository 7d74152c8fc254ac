import { describe, expect, it } from 'vitest';
import { blueMarks, drawnWords } from '../support/pdf-drawn.js';
import { pdfLines } from '../support/pdf-lines.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { sparksFixture, type SparksFixture } from './sparks-helpers.js';

const PERIOD = 'from=2026-04-01&to=2027-03-31';

/**
 * Thirteen awards: six paid within a week (health), five after twenty days (purposeful
 * activity), two after ten days (housing). The two are a cell of 2, which must never show, nor
 * be worked out from a total: the five are hidden with them.
 */
export async function sparksYear(
  h: Harness,
): Promise<{ s: SparksFixture; awarded: Map<string, number> }> {
  h.setNow('2026-07-15T12:00:00.000Z');
  const s = await sparksFixture(h);
  await s.ok('POST', 'receipts', {
    funder: 'Council',
    amount: '2000.00',
    receivedOn: '2026-04-02',
  });
  await s.ok('POST', 'receipts', { funder: 'Trust', amount: '500.00', receivedOn: '2026-06-01' });
  const awarded = new Map<string, number>();
  const plan = [
    ...Array.from({ length: 6 }, (_, i) => ({ received: `2026-04-1${i}`, wait: 3, d: 'health' })),
    ...Array.from({ length: 5 }, (_, i) => ({
      received: `2026-05-0${i + 1}`,
      wait: 20,
      d: 'purposeful-activity',
    })),
    ...Array.from({ length: 2 }, (_, i) => ({
      received: `2026-06-0${i + 2}`,
      wait: 10,
      d: 'housing',
    })),
  ];
  for (const [i, p] of plan.entries()) {
    const applicant = await s.applicant();
    const amount = `${100 + i * 10}.50`;
    const application = await s.application(applicant, amount, p.received, p.d);
    const decidedOn = p.received.replace(
      /-(\d\d)$/,
      (_, d) => `-${String(Number(d) + 1).padStart(2, '0')}`,
    );
    const res = await s.decide(application, await s.sitting(decidedOn), {
      outcome: 'award',
      amount,
      purpose: 'x',
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const award = (await body(res)).award.id as string;
    const paidOn = p.received.replace(
      /-(\d\d)$/,
      (_, d) => `-${String(Number(d) + p.wait).padStart(2, '0')}`,
    );
    await s.ok('POST', `awards/${award}/disbursements`, { method: 'cash', amount, paidOn });
    awarded.set(decidedOn, (awarded.get(decidedOn) ?? 0) + Number(amount.replace('.', '')));
  }
  return { s, awarded };
}

export function reportViewsContract(make: () => Promise<Harness>) {
  describe('the commissioners’ report as pictures, a PDF and a page', () => {
    it('draws the fund from the ledger month by month, and bands payment speed with small cells hidden', async () => {
      const h = await make();
      const { s, awarded } = await sparksYear(h);
      const report = await s.ok(
        'GET',
        `/v1/alliances/${s.alliance}/commissioners-report?${PERIOD}`,
        undefined,
        {
          token: s.auditor,
          key: false,
        },
      );
      const fund = report.sparks.fundByMonth;
      expect(fund.map((p: { asOf: string }) => p.asOf)).toEqual([
        '2026-04-30',
        '2026-05-31',
        '2026-06-30',
        '2026-07-15',
      ]);
      // Independently: receipts in, awards out (pence, integers), up to each date.
      const expected = (asOf: string) => {
        let minor = 200000 + (asOf >= '2026-06-10' ? 50000 : 0);
        for (const [on, pence] of awarded) if (on <= asOf) minor -= pence;
        return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
      };
      expect(fund.map((p: { held: string }) => p.held)).toEqual(
        fund.map((p: { asOf: string }) => expected(p.asOf)),
      );
      // And the last point is the fund as the books hold it today.
      expect(fund.at(-1).held).toBe((await s.fund()).available);
      expect(report.sparks.daysToFirstPayment.cells).toEqual([
        { key: 'within a week', count: 6, amount: '753.00' },
        { key: '8 to 14 days', count: 'fewer than 5', amount: 'suppressed' },
        // Hidden only so the total less the shown cells cannot give the two away.
        { key: '15 to 28 days', count: 'suppressed', amount: 'suppressed' },
        { key: 'over 28 days', count: 0, amount: '0.00' },
      ]);
      expect(report.sparks.daysToFirstPayment.total).toEqual({ count: 13, amount: '2086.50' });
      expect(report.sparks.paidByDomain.total).toEqual({ count: 13, amount: '2086.50' });
    });

    it('prints the same figures and its charts into a PDF that reads back', async () => {
      const h = await make();
      const { s } = await sparksYear(h);
      const res = await h.request(
        `/v1/alliances/${s.alliance}/commissioners-report/pdf?${PERIOD}`,
        {
          token: s.auditor,
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const pages = await pdfLines(bytes);
      const lines = pages.flatMap((p) => p.map((cells) => cells.join(' ')));
      const text = lines.join('\n');
      expect(text).toContain(`Commissioners’ report: Alliance ${s.alliance}`);
      // The charts, read back: words that exist only because an SVG was drawn (month and pound
      // ticks, a bar's label and figure), and marks in the charts' blue on the pages.
      const drawn = (await drawnWords(bytes)).flat();
      for (const tick of ['Apr 26', 'May 26', 'Jun 26', 'Jul 26', '£0', '£1,000'])
        expect(drawn).toContain(tick);
      expect(drawn).toContain('within a week');
      expect(drawn).toContain('fewer than 5');
      expect(drawn).toContain('hidden');
      expect(drawn).toContain('£753');
      const marks = await blueMarks(bytes);
      // Page one: the fund's line and its four dots; then the bars of payment speed and domains.
      expect(marks[0]).toBeGreaterThanOrEqual(5);
      expect(marks.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);
      expect(drawn).toContain('8 to 14 days');
      for (const line of lines.filter((l) => l.startsWith('8 to 14 days')))
        expect(line).toContain('fewer than 5');
      for (const line of lines.filter((l) => l.startsWith('Housing')))
        expect(line).toContain('fewer than 5');
      expect(text).toContain('within a week 6 £753.00');
      expect(text).toContain('Total 13 £2,086.50');
    });

    it('shows the page with its charts inline, no script, small cells hidden, to coordinators and auditors only', async () => {
      const h = await make();
      const { s } = await sparksYear(h);
      const cookieOf = async (token: string) => {
        const signedIn = await h.request('/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ code: token }).toString(),
        });
        return (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      };
      const page = `/reports/commissioners?${PERIOD}`;
      const res = await h.request(page, { headers: { cookie: await cookieOf(s.auditor) } });
      const html = await res.text();
      expect(res.status, html.slice(0, 300)).toBe(200);
      expect(html.match(/<svg /g)?.length).toBe(4); // fund, speed, domains, modes (no spending yet)
      expect(html.match(/role="img"/g)?.length).toBe(4);
      expect(html).not.toMatch(/<script|javascript:/i);
      expect(html).toContain('The Small Sparks fund over the year');
      // The cell of 2 reads "fewer than 5" in its table row and on its bar; never its number.
      const housing = [
        ...html.matchAll(/<tr role="row">(?:(?!<\/tr>)[\s\S])*?Housing[\s\S]*?<\/tr>/g),
      ];
      expect(housing.length).toBeGreaterThan(0);
      for (const row of housing) expect(row[0]).toContain('fewer than 5');
      expect(html).toContain(`/commissioners-report/pdf?${PERIOD.replace('&', '&amp;')}`);
      const coordinator = await h.request(page, {
        headers: { cookie: await cookieOf(s.coordinator) },
      });
      expect(coordinator.status).toBe(200);
      const panel = await h.request(page, { headers: { cookie: await cookieOf(s.panel) } });
      expect(panel.status).toBe(403);
      const bad = await h.request(
        '/reports/commissioners?from-day=31&from-month=2&from-year=2026',
        {
          headers: { cookie: await cookieOf(s.auditor) },
        },
      );
      expect(bad.status).toBe(422);
      expect(await bad.text()).toContain('Error: Commissioners’ report');
    });
  });
}
