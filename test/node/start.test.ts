import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openServiceDatabase, StartRefusal } from '../../src/runtime/database.js';
import { openSqlite } from '../../src/store/node-store.js';
import { runScript, seedDatabase, startService } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-start-'));
const immutable: string[] = [];
afterAll(() => {
  for (const path of immutable) execFileSync('chattr', ['-i', path]);
  rmSync(dir, { recursive: true, force: true });
});
let n = 0;
const now = new Date('2026-06-01T10:00:00Z');

async function refusal(path: string): Promise<string> {
  try {
    const opened = await openServiceDatabase(path, { create: false, now });
    opened.sqlite.close();
  } catch (error) {
    expect(error).toBeInstanceOf(StartRefusal);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`${path} was opened`);
}

/** A read-only file even for root: the immutable flag where we are root, else the mode bits. */
function makeReadOnly(path: string) {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', path]);
    immutable.push(path);
  } else chmodSync(path, 0o444);
}

describe('starting on the right database', () => {
  it('refuses a missing database, naming the path and what to do', async () => {
    const message = await refusal(join(dir, 'missing.sqlite'));
    expect(message).toMatch(/does not exist.*restore a backup.*create-database/);
  });

  it('refuses an empty (0-byte) file', async () => {
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    expect(await refusal(path)).toMatch(/is empty/);
  });

  it('refuses a SQLite file that holds no Kindling ledger, and one that is not a database', async () => {
    const blank = join(dir, 'blank.sqlite');
    const other = new Database(blank);
    other.exec('CREATE TABLE notes (body TEXT)');
    other.close();
    expect(await refusal(blank)).toMatch(/holds no Kindling ledger/);
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'this is a shopping list, not a ledger '.repeat(200));
    expect(await refusal(junk)).toMatch(/damaged or not a database/);
  });

  it('refuses a read-only file and leaves it as it was', async () => {
    const path = join(dir, `readonly-${++n}.sqlite`);
    await seedDatabase(path, 'crawley');
    makeReadOnly(path);
    expect(await refusal(path)).toMatch(/cannot be written/);
  });

  it('refuses a database whose schema is newer than the code', async () => {
    const path = join(dir, 'newer.sqlite');
    await seedDatabase(path, 'crawley');
    const { sqlite } = openSqlite({ path, migrate: false });
    sqlite
      .prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)')
      .run('from-a-newer-version', 1999999999999);
    sqlite.close();
    expect(await refusal(path)).toMatch(/newer schema.*newer version/);
  });

  it('opens a good database, and creates a missing one only when asked', async () => {
    const path = join(dir, 'fresh', 'made.sqlite');
    const made = await openServiceDatabase(path, { create: true, now });
    expect(made.created).toBe(true);
    made.sqlite.close();
    const again = await openServiceDatabase(path, { create: false, now });
    expect(again.created).toBe(false);
    again.sqlite.close();
  });

  it('npm start exits non-zero with one line on a missing database, and create-database makes one on purpose', async () => {
    const path = join(dir, 'cli', 'kindling.sqlite');
    const service = startService({ KINDLING_DB: path });
    await expect(service).rejects.toThrow(
      /exited 1: Kindling will not start: the database .*kindling\.sqlite does not exist/,
    );
    const created = await runScript('src/admin.ts', ['create-database'], { KINDLING_DB: path });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`Created a new, empty Kindling database at ${path}`);
    const twice = await runScript('src/admin.ts', ['create-database'], { KINDLING_DB: path });
    expect(twice.code).toBe(1);
    const started = await startService({ KINDLING_DB: path });
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  });

  it('a fresh checkout (no data directory) still starts with npm start, saying it created the database', async () => {
    const checkout = join(dir, 'checkout');
    mkdirSync(checkout);
    copyFileSync(join(process.cwd(), 'package.json'), join(checkout, 'package.json'));
    const service = await startService({ KINDLING_DB: undefined }, 60_000, checkout);
    expect(service.output()).toMatch(
      /Created a new, empty Kindling database at .*checkout\/data\/kindling\.sqlite/,
    );
    service.child.kill('SIGTERM');
    expect(await service.exited, service.output()).toBe(0);
  });
});
