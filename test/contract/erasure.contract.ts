import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { readEveryGet, type Doc } from './auditor-view.contract.js';
import type { Harness } from './harness.js';
import { body } from './helpers.js';
import { plantedWorld, type PlantedWorld } from './privacy-fixture.js';

/** Markers that belong to nobody being erased: a panel member, a coordinator's own entries. */
export const NOT_ERASED = [
  'POST /v1/alliances/{alliance}/panel-members name',
  // A panel member's sign-in code: theirs, not the erased person's.
  'POST /v1/sign-in-codes personName',
  'POST /v1/entries description',
  'POST /v1/entries/batch entries[].description',
  'POST /v1/entries/{id}/reversal reason',
];

export function erasedMarkers(w: PlantedWorld): string[] {
  const kept = new Set(NOT_ERASED.map((field) => w.planted.get(field)));
  return [...new Set(w.planted.values())].filter((m) => !kept.has(m));
}

/** The figures erasure must leave exactly as they were. */
async function figures(w: PlantedWorld) {
  const get = (path: string) => w.b.ok('GET', path, undefined, { key: false });
  return {
    trialBalance: await get('ledger/trial-balance'),
    fund: await w.s.fund(),
    budgets: await Promise.all(w.budgets.map((b) => w.b.money(b))),
    awards: (await get(`alliances/${w.s.alliance}/awards`)).items.map(
      (a: Record<string, unknown>) => [a.id, a.amount, a.paid, a.status],
    ),
    spends: await Promise.all(
      w.spends.map(async (s) => {
        const spend = await get(`spends/${s}`);
        return [spend.id, spend.amount, spend.status, spend.category];
      }),
    ),
  };
}

/** Erases the planted applicant and every budget person, as a coordinator would. */
export async function eraseEveryone(w: PlantedWorld) {
  const erased = await w.s.ok('POST', `applicants/${w.applicant}/erasure`, undefined, {
    key: false,
    status: 200,
  });
  expect(erased).toMatchObject({ erased: true });
  for (const who of ['holder', 'supporter', 'broker'] as const) {
    const person = await w.b.ok('POST', `people/${w.b.people[who].id}/erasure`, undefined, {
      key: false,
      status: 200,
    });
    expect(person).toMatchObject({ erased: true, name: null });
  }
}

/** Every row of every table, as text: what a copy of the database would hold. */
async function everyRow(h: Harness): Promise<string> {
  const tables = (await h.store.db.all(
    sql.raw(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
    ),
  )) as { name: string }[];
  const dumps: string[] = [];
  for (const { name } of tables) {
    if (name.startsWith('d1_') || name.startsWith('_cf')) continue;
    dumps.push(JSON.stringify(await h.store.db.all(sql.raw(`SELECT * FROM "${name}"`))));
  }
  return dumps.join('\n');
}

export function erasureContract(make: () => Promise<Harness>) {
  describe('privacy: erasure leaves nothing', () => {
    it('erases an applicant and the budget people from every table and every GET, figures and chain unchanged', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const markers = erasedMarkers(w);
      const before = await figures(w);
      const rowsBefore = await everyRow(h);
      // All stored before (the applicant's first name and contact were already replaced by PATCH;
      // a reply to a reminder that is not STOP is never kept, nor the number it came from).
      expect(markers.filter((m) => !rowsBefore.includes(m))).toEqual([
        w.planted.get('POST /v1/alliances/{alliance}/applicants name'),
        w.planted.get('POST /v1/alliances/{alliance}/applicants contact'),
        w.planted.get('POST /v1/alliances/{alliance}/reminders/replies from'),
        w.planted.get('POST /v1/alliances/{alliance}/reminders/replies text'),
      ]);

      await eraseEveryone(w);

      expect(await figures(w)).toEqual(before);
      const verify = await body(await h.request('/v1/ledger/verify', { token: w.s.coordinator }));
      expect(verify.ok, JSON.stringify(verify)).toBe(true);
      const rows = await everyRow(h);
      expect(markers.filter((m) => rows.includes(m))).toEqual([]);
      // What is not theirs stays: the panel member's name, a coordinator's own entry.
      for (const field of NOT_ERASED) expect(rows).toContain(w.planted.get(field));

      const doc = (await body(await h.request('/openapi.json'))) as Doc;
      const leaks: string[] = [];
      for (const { path, text } of await readEveryGet(h, w, doc, w.s.coordinator))
        for (const m of markers) if (text.includes(m)) leaks.push(`${path} shows ${m}`);
      expect(leaks).toEqual([]);
    });

    it('replays an erased answer as erased, and refuses erasing someone elsewhere', async () => {
      const h = await make();
      const w = await plantedWorld(h);
      const key = 'erase-replay-key';
      const applicant = (
        await w.s.ok(
          'POST',
          'applicants',
          { name: 'MKRREPLAYX', consent: true },
          { token: w.s.panel },
        )
      ).id;
      const application = (
        await w.s.ok(
          'POST',
          'applications',
          {
            applicantId: applicant,
            amountAsked: '20.00',
            purpose: 'MKRREPLAYPURPOSEX',
            domain: 'health',
            receivedOn: '2026-05-01',
          },
          { token: w.s.panel },
        )
      ).id;
      const decide = () =>
        w.s.decide(
          application,
          w.sitting,
          { outcome: 'award', amount: '20.00', purpose: 'MKRREPLAYPURPOSEX' },
          key,
        );
      expect((await decide()).status).toBe(201);
      await w.s.ok('POST', `applicants/${applicant}/erasure`, undefined, {
        key: false,
        status: 200,
      });
      const replay = await decide();
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.text()).not.toContain('MKRREPLAY');

      const elsewhere = await h.token('coordinator', { alliance: h.otherAlliance });
      const res = await h.request(`/v1/people/${w.b.people.holder.id}/erasure`, {
        method: 'POST',
        token: elsewhere,
      });
      expect(res.status).toBe(404);
      const asAuditor = await h.request(`/v1/people/${w.b.people.holder.id}/erasure`, {
        method: 'POST',
        token: w.s.auditor,
      });
      expect(asAuditor.status).toBe(403);
    });
  });
}
