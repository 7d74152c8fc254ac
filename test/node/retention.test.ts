import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { body } from '../contract/helpers.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { runScript } from '../support/server-process.js';
import { retentionContract } from '../contract/retention.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-retention-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

retentionContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `retention-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);

describe('npm run admin -- retention', () => {
  it('lists who is due on a dry run, then erases them, by reference only', async () => {
    const path = join(dir, 'admin.sqlite');
    const { store, sqlite } = openSqlite({ path });
    const h = await makeHarness('node', store, () => {
      throw new Error('not used');
    });
    h.setNow('2024-06-01T10:00:00.000Z');
    const s = await sparksFixture(h, h.alliance, { retentionYears: 1 });
    const old = await s.applicant('Old Applicant');
    const app = await s.application(old, '40.00', '2024-05-20');
    const sitting = await s.sitting('2024-05-25');
    expect(
      (await s.decide(app, sitting, { outcome: 'decline', reason: 'Out of scope' })).status,
    ).toBe(201);
    const reference = (
      await body(
        await h.request(`/v1/alliances/${h.alliance}/applicants/${old}`, { token: s.coordinator }),
      )
    ).reference;
    sqlite.close();

    const dry = await runScript('src/admin.ts', ['retention', '--dry-run'], { KINDLING_DB: path });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(
      `would erase ${reference} (${h.alliance}, last activity 2024-06-01)`,
    );
    expect(dry.stdout).not.toContain('Old Applicant');
    const run = await runScript('src/admin.ts', ['retention'], { KINDLING_DB: path });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`erased ${reference}`);
    const check = openSqlite({ path, migrate: false });
    const row = check.sqlite
      .prepare('SELECT name, erased_at FROM applicants WHERE id = ?')
      .get(old);
    check.sqlite.close();
    expect(row).toMatchObject({ name: null, erased_at: expect.any(String) });
  });
});
