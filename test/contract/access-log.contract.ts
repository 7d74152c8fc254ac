import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { budgetsFixture } from './budgets-helpers.js';
import type { Harness } from './harness.js';
import { body, expectProblem } from './helpers.js';
import { sparksFixture } from './sparks-helpers.js';

/** The messages of the whole cause chain of the error `statement` raises ('' if it runs). */
async function refusal(h: Harness, statement: string): Promise<string> {
  try {
    await h.store.db.run(sql.raw(statement));
    return '';
  } catch (error) {
    const messages: string[] = [];
    for (let e: any = error; e; e = e.cause) messages.push(String(e.message ?? e));
    return messages.join(' / ');
  }
}

export function accessLogContract(make: () => Promise<Harness>) {
  describe('privacy: who looked', () => {
    it('logs every read of personal data with who, when, what and the route; coordinators read it', async () => {
      const h = await make();
      h.setNow('2026-06-01T10:00:00.000Z');
      const s = await sparksFixture(h);
      const applicant = await s.applicant('R.S.');
      const application = await s.application(applicant, '40.00', '2026-05-20');
      const b = await budgetsFixture(h);
      const budget = await b.budget(b.people.holder.id, { allocate: '100.00' });
      const logBefore = (await body(await h.request('/v1/access-log', { token: s.coordinator })))
        .items.length;

      h.setNow('2026-06-02T09:30:00.000Z');
      const reads: [string, string][] = [
        [s.coordinator, `/v1/alliances/${s.alliance}/applicants/${applicant}`],
        [s.panel, `/v1/alliances/${s.alliance}/applications/${application}`],
        [s.auditor, `/v1/alliances/${s.alliance}/applications`],
        [b.people.holder.token, `/v1/budgets/${budget}`],
      ];
      for (const [token, path] of reads)
        expect((await h.request(path, { token })).status, path).toBe(200);
      // Not personal, refused or not found: not logged.
      await h.request(`/v1/alliances/${s.alliance}/fund`, { token: s.coordinator });
      await h.request(`/v1/budgets/${budget}`, { token: b.people.other.token });
      await h.request(`/v1/alliances/${s.alliance}/applicants/apl_nobody`, { token: s.panel });

      const log = await body(await h.request('/v1/access-log', { token: s.coordinator }));
      const fresh = log.items.slice(0, log.items.length - logBefore);
      expect(fresh.map((i: any) => i.route).reverse()).toEqual(reads.map(([, p]) => `GET ${p}`));
      expect(fresh.at(-1)).toMatchObject({
        at: '2026-06-02T09:30:00.000Z',
        who: {
          tokenId: expect.stringMatching(/^tok_/),
          tokenName: 'coordinator test token',
          role: 'coordinator',
        },
        what: 'applicant',
        subjectId: applicant,
        requestId: expect.stringMatching(/^req_/),
      });
      expect(fresh[0]).toMatchObject({
        what: 'budget',
        subjectId: budget,
        who: { role: 'holder' },
      });

      const aboutOne = await body(
        await h.request(`/v1/access-log?subject=${applicant}`, { token: s.coordinator }),
      );
      expect(aboutOne.items.map((i: any) => i.subjectId)).toEqual([applicant]);
      const page = await body(await h.request('/v1/access-log?limit=2', { token: s.coordinator }));
      expect(page.items).toHaveLength(2);
      const next = await body(
        await h.request(`/v1/access-log?limit=2&before=${page.nextBefore}`, {
          token: s.coordinator,
        }),
      );
      expect(next.items[0].id).toBeLessThan(page.items[1].id);

      for (const token of [s.panel, s.auditor, b.people.holder.token])
        await expectProblem(await h.request('/v1/access-log', { token }), 403, 'forbidden');
      const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
      expect((await body(await h.request('/v1/access-log', { token: elsewhere }))).items).toEqual(
        [],
      );
    });

    it('keeps the log append-only and records when each token was last used', async () => {
      const h = await make();
      h.setNow('2026-06-03T08:00:00.000Z');
      const s = await sparksFixture(h);
      await h.request(`/v1/alliances/${s.alliance}/applicants`, { token: s.panel });
      expect(await refusal(h, "UPDATE access_log SET what = 'x'")).toMatch(/append_only/);
      expect(await refusal(h, 'DELETE FROM access_log')).toMatch(/append_only/);
      const used = async () =>
        (await h.store.db.all(
          sql.raw(
            `SELECT last_used_at AS at FROM tokens WHERE alliance_id = '${s.alliance}' AND name = 'panel test token'`,
          ),
        )) as { at: string | null }[];
      expect((await used())[0]!.at).toBe('2026-06-03T08:00:00.000Z');
      h.setNow('2026-06-03T08:00:30.000Z');
      await h.request(`/v1/alliances/${s.alliance}/applicants`, { token: s.panel });
      expect((await used())[0]!.at).toBe('2026-06-03T08:00:00.000Z');
      h.setNow('2026-06-03T08:05:00.000Z');
      await h.request(`/v1/alliances/${s.alliance}/applicants`, { token: s.panel });
      expect((await used())[0]!.at).toBe('2026-06-03T08:05:00.000Z');
    });

    it('records when each browser session was last used, at most once a minute', async () => {
      const h = await make();
      h.setNow('2026-06-03T08:00:00.000Z');
      const s = await sparksFixture(h);
      const signedIn = await h.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: s.panel }).toString(),
      });
      const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const used = async () =>
        (
          (await h.store.db.all(
            sql.raw(`SELECT last_used_at AS at FROM sessions WHERE alliance_id = '${s.alliance}'`),
          )) as { at: string | null }[]
        )[0]!.at;
      expect(await used()).toBeNull();
      h.setNow('2026-06-03T08:10:00.000Z');
      expect((await h.request('/sparks', { headers: { cookie } })).status).toBe(200);
      expect(await used()).toBe('2026-06-03T08:10:00.000Z');
      h.setNow('2026-06-03T08:10:40.000Z');
      await h.request(`/v1/alliances/${s.alliance}/applicants`, { headers: { cookie } });
      expect(await used()).toBe('2026-06-03T08:10:00.000Z');
      h.setNow('2026-06-03T08:12:00.000Z');
      await h.request(`/v1/alliances/${s.alliance}/applicants`, { headers: { cookie } });
      expect(await used()).toBe('2026-06-03T08:12:00.000Z');
    });

    it('shows coordinators the log on the web, by reference, filtered and a page at a time', async () => {
      const h = await make();
      h.setNow('2026-06-01T10:00:00.000Z');
      const s = await sparksFixture(h);
      const one = await s.applicant('Ruth Sample');
      const other = await s.applicant('T.U.');
      const ref = async (id: string) =>
        (
          await body(
            await h.request(`/v1/alliances/${s.alliance}/applicants/${id}`, {
              token: s.coordinator,
            }),
          )
        ).reference as string;
      const [refOne, refOther] = [await ref(one), await ref(other)];
      h.setNow('2026-06-02T09:30:00.000Z');
      for (let i = 0; i < 55; i++)
        await h.request(`/v1/alliances/${s.alliance}/applicants/${one}`, { token: s.panel });
      await h.request(`/v1/alliances/${s.alliance}/follow-ups`, { token: s.panel });
      const session = async (token: string) => {
        const res = await h.request('/sign-in', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ code: token }).toString(),
        });
        return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
      };
      const cookie = await session(s.coordinator);
      const page = async (query: string, as = cookie) => {
        const res = await h.request(`/access-log${query}`, { headers: { cookie: as } });
        return { status: res.status, html: await res.text() };
      };
      const first = await page('');
      expect(first.status).toBe(200);
      expect(first.html).toContain('<h1>Who looked at personal data</h1>');
      expect(first.html).toContain('2 June 2026, 09:30 (UTC)');
      expect(first.html).toContain('panel test token (Panel member)');
      expect(first.html).toContain(refOne);
      expect(first.html).toContain('Follow-ups');
      expect(first.html).not.toMatch(/apl_|tok_|req_/);
      expect(first.html).not.toContain('Ruth Sample');
      const next = /href="(\/access-log\?[^"]*before=\d+)"/.exec(first.html)?.[1];
      expect(next).toBeDefined();
      const second = await page(next!.replace('/access-log', '').replaceAll('&amp;', '&'));
      expect(second.html).toContain(refOne);
      expect(second.html).toContain(refOther);
      expect(second.html).not.toContain('Older entries');

      const byPerson = await page(`?person=${refOther.toLowerCase()}`);
      expect(byPerson.html).toContain(refOther);
      expect(byPerson.html).not.toContain(`<span>${refOne}</span>`);
      const byWhat = await page('?what=follow-ups');
      expect((byWhat.html.match(/Follow-ups \(|<span>Follow-ups<\/span>/g) ?? []).length).toBe(1);
      const byDay = await page('?from=2026-06-02&to=2026-06-02');
      expect(byDay.html).not.toContain('1 June 2026');
      expect((await page('?from=yesterday')).status).toBe(422);
      const panel = await session(s.panel);
      expect((await page('', panel)).status).toBe(403);
    });

    it('logs reads through the web pages too: an application opened on a phone is a read', async () => {
      const h = await make();
      const s = await sparksFixture(h);
      const application = await s.application(await s.applicant('V.W.'), '60.00', '2026-05-01');
      const signIn = await h.request('/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code: s.panel }).toString(),
      });
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
      const opened = await h.request(`/sparks/applications/${application}`, {
        headers: { cookie },
      });
      expect(opened.status).toBe(200);
      const log = await body(await h.request('/v1/access-log', { token: s.coordinator }));
      expect(log.items).toContainEqual(
        expect.objectContaining({
          route: `GET /sparks/applications/${application}`,
          what: 'application',
          subjectId: application,
          who: expect.objectContaining({ role: 'panel' }),
        }),
      );
      // A page without anyone signed in reads nothing and logs nothing.
      const before = log.items.length;
      expect((await h.request('/sign-in')).status).toBe(200);
      const after = await body(await h.request('/v1/access-log', { token: s.coordinator }));
      expect(after.items.length).toBe(before);
    });
  });
}
