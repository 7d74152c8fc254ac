import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { storageFault } from '../http/storage-fault.js';
import { KNOWN_MIGRATIONS } from '../store/health-checks.js';
import { openSqlite } from '../store/node-store.js';

/** Why the service will not start on this file; `message` is one line for the operator. */
export class StartRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefusal';
  }
}

const RESTORE = 'restore a backup (npm run admin -- restore FILE)';
const CREATE =
  'start a new, empty ledger on purpose (npm run admin -- create-database, or KINDLING_CREATE_DB=yes)';

function refuse(path: string, what: string, todo: string): never {
  throw new StartRefusal(
    `Kindling will not start: the database ${path} ${what}. To go on, ${todo}.`,
  );
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The checks made before serving an existing file, so a lost disk mount, a mistyped path, a
 * read-only file or a newer schema stops the service instead of showing an empty or unwritable
 * ledger. Nothing here writes: a refused file is left exactly as it was found.
 */
function checkExisting(path: string): void {
  const stat = statSync(path);
  if (!stat.isFile()) refuse(path, 'is not a file', `point KINDLING_DB at the database file`);
  if (stat.size === 0) refuse(path, 'is empty (0 bytes)', `${RESTORE}, or delete it and ${CREATE}`);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    refuse(path, 'cannot be read', 'fix its permissions (the service user must read and write it)');
  }
  if (!writable(path) || !writable(dirname(path)))
    refuse(
      path,
      'cannot be written (the file or its directory is read-only)',
      'fix the permissions or the mount: the service user must write the file and its directory',
    );
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, readonly: true });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    if (!tables.some((t) => t.name === '__drizzle_migrations'))
      refuse(path, 'holds no Kindling ledger', `${RESTORE}, or delete it and ${CREATE}`);
    const applied = (
      db.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
        n: number;
      }
    ).n;
    if (applied > KNOWN_MIGRATIONS)
      refuse(
        path,
        `has a newer schema (${applied} migrations) than this code knows (${KNOWN_MIGRATIONS})`,
        `run the newer version of Kindling that wrote it, or ${RESTORE} made by this version`,
      );
  } catch (error) {
    if (error instanceof StartRefusal) throw error;
    const fault = storageFault(error);
    if (fault?.code === 'storage_corrupt') refuse(path, 'is damaged or not a database', RESTORE);
    throw error;
  } finally {
    db?.close();
  }
}

/**
 * Opens the database the service runs on. A missing file is created only when `create` says so;
 * otherwise it is refused, like an empty, unreadable, unwritable, damaged or newer one. After
 * migrating, one real write proves the file can be written (a full disk or a read-only mount
 * shows here, with its cause, not on the first payment).
 */
export async function openServiceDatabase(
  file: string,
  options: { create: boolean; now: Date },
): Promise<ReturnType<typeof openSqlite> & { created: boolean; path: string }> {
  const path = resolve(file);
  const exists = existsSync(path);
  if (!exists && !options.create)
    refuse(
      path,
      'does not exist',
      `${RESTORE}, check KINDLING_DB for a typing mistake, or ${CREATE}`,
    );
  if (exists) checkExisting(path);
  let opened: ReturnType<typeof openSqlite>;
  try {
    opened = openSqlite({ path });
  } catch (error) {
    const fault = storageFault(error);
    if (fault?.code === 'storage_full')
      refuse(path, 'cannot be migrated: the disk is full', 'free some space and start again');
    if (fault) refuse(path, `cannot be opened (${fault.title.toLowerCase()})`, RESTORE);
    throw error;
  }
  const ready = await opened.store.readiness(options.now.toISOString());
  if (!ready.writable) {
    opened.sqlite.close();
    const fault = storageFault(new Error(ready.writeError ?? ''));
    if (fault?.code === 'storage_full')
      refuse(path, 'cannot be written: the disk is full', 'free some space and start again');
    refuse(path, 'cannot be written', 'fix the permissions or the mount, then start again');
  }
  return { ...opened, created: !exists, path };
}
