import {
  closeSync,
  copyFileSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCopy, restoreCopy, scheduleBackups } from '../../src/runtime/backup.js';
import { openSqlite } from '../../src/store/node-store.js';
import { openLedger, runLoad, type LoadStats } from '../support/load.js';
import { runScript, seedDatabase, startService } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storedIds(path: string): Set<string> {
  const { sqlite } = openSqlite({ path, readonly: true });
  const rows = sqlite.prepare('SELECT id FROM entries').all() as { id: string }[];
  sqlite.close();
  return new Set(rows.map((r) => r.id));
}

describe('backups and restores', () => {
  it('takes a consistent backup under load; restored, it verifies and holds every entry answered before it began', async () => {
    const live = join(dir, 'live.sqlite');
    const token = await seedDatabase(live, 'crawley');
    const service = await startService({ KINDLING_DB: live });
    let stopping = false;
    try {
      const accounts = await openLedger(service.url, token, 'crawley');
      const stats: LoadStats = {
        acked: new Map(),
        unanswered: [],
        refused: 0,
        cut: 0,
        stopping: 0,
        cutCodes: [],
        unexpected: [],
      };
      const load = runLoad({
        base: () => service.url,
        token,
        accounts,
        clients: 8,
        stop: () => stopping,
        prefix: 'bk',
        stats,
      });
      await new Promise((r) => setTimeout(r, 1500));
      // What was answered before the backup began; the load goes on during it.
      const answeredBefore = [...stats.acked.values()];
      const copy = join(dir, 'copy.sqlite');
      const backup = await runScript('src/admin.ts', ['backup', '--to', copy], {
        KINDLING_DB: live,
      });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(
        /\d+ entries, .*chain head #\d+ [0-9a-f]{64}; integrity, chain and balances ok/,
      );
      stopping = true;
      const final = await load;
      expect(final.unexpected).toEqual([]);
      expect(answeredBefore.length).toBeGreaterThan(10);

      const restored = join(dir, 'restored', 'kindling.sqlite');
      const { report } = await restoreCopy(copy, restored, new Date());
      expect(report.ok).toBe(true);
      const check = await checkCopy(restored);
      expect(check).toMatchObject({ ok: true, chainOk: true, balancesOk: true, integrity: [] });
      const ids = storedIds(restored);
      for (const id of answeredBefore) expect(ids.has(id)).toBe(true);
      expect(check.entries).toBe(ids.size);
      console.log(
        `backup under load: ${answeredBefore.length} answered before it began, ${check.entries} in the copy, ${final.acked.size} answered in all`,
      );
    } finally {
      stopping = true;
      service.child.kill('SIGTERM');
      await service.exited;
    }
  });

  it('refuses to restore a damaged copy and leaves the database alone', async () => {
    const live = join(dir, 'keep.sqlite');
    await seedDatabase(live, 'bognor');
    const copy = join(dir, 'damaged.sqlite');
    copyFileSync(live, copy);
    const { sqlite } = openSqlite({ path: copy, migrate: false });
    sqlite.pragma('journal_mode = DELETE');
    const { rootpage } = sqlite
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'tokens'")
      .get() as { rootpage: number };
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    sqlite.close();
    const fd = openSync(copy, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    const before = storedIds(live);
    const refused = await runScript('src/admin.ts', ['restore', copy], { KINDLING_DB: live });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refused: .*FAILED its checks.*was not touched/);
    expect(storedIds(live)).toEqual(before);
    expect(readdirSync(dir).some((f) => f.includes('before-restore'))).toBe(false);
  });

  it('keeps the newest N scheduled backups, each checked', async () => {
    const live = join(dir, 'scheduled.sqlite');
    await seedDatabase(live, 'crawley');
    const { sqlite } = openSqlite({ path: live });
    let t = Date.parse('2026-06-01T10:00:00Z');
    const lines: Record<string, unknown>[] = [];
    const backups = scheduleBackups({
      source: sqlite,
      dir: join(dir, 'every'),
      everyMs: 3_600_000,
      keep: 2,
      clock: () => {
        t += 60_000;
        return new Date(t);
      },
      log: (fields) => lines.push(fields),
    });
    for (let i = 0; i < 4; i++) expect((await backups.runOnce()).ok).toBe(true);
    backups.stop();
    sqlite.close();
    expect(readdirSync(join(dir, 'every')).sort()).toEqual([
      'kindling-2026-06-01T10-03-00-000Z.sqlite',
      'kindling-2026-06-01T10-04-00-000Z.sqlite',
    ]);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ event: 'backup', ok: true });
  });
});
