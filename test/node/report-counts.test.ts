import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { keptAndRecounted } from '../contract/report-sql.contract.js';
import { sparksFixture } from '../contract/sparks-helpers.js';
import { walkYear } from '../contract/sparks.contract.js';

/** The statements of 0025 that count what was there before it (its last three). */
const backfill = readFileSync(join(MIGRATIONS_FOLDER, '0025_report_counts.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .slice(-3);

describe('the report counts (0025)', () => {
  it('are counted from existing rows by the migration as the triggers keep them', async () => {
    const { store, sqlite } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const f = await sparksFixture(h);
    await walkYear(f, 5, 450);
    const kept = await keptAndRecounted(h, f.alliance);
    expect(backfill.every((s) => s.includes('INSERT INTO `report_'))).toBe(true);
    sqlite.exec(
      'DELETE FROM report_applications; DELETE FROM report_awards; DELETE FROM report_follow_ups',
    );
    for (const statement of backfill) sqlite.exec(statement);
    const counted = await keptAndRecounted(h, f.alliance);
    for (const table of Object.keys(kept)) {
      expect(counted[table]!.kept, table).toEqual(kept[table]!.kept);
      expect(counted[table]!.kept, table).toEqual(kept[table]!.recounted);
    }
  });
});
