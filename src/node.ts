import { getConnInfo } from '@hono/node-server/conninfo';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { scheduleBackups } from './runtime/backup.js';
import { openServiceDatabase, StartRefusal } from './runtime/database.js';
import { sha256Hex } from './runtime/hash.js';
import { nodeLogger } from './runtime/log.js';
import { scheduleReminders } from './runtime/reminders-schedule.js';
import { startServer } from './runtime/serve.js';
import { remindersFromEnv } from './reminders/senders.js';
import { scheduleEvery } from './runtime/schedule.js';
import { runScheduledJobs } from './jobs.js';

const DEFAULT_DB = './data/kindling.sqlite';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  KINDLING_DB: z.string().min(1).optional(),
  /** `yes` creates the database when it is missing, on purpose. */
  KINDLING_CREATE_DB: z.enum(['yes', 'no']).default('no'),
  /** How long requests in flight may take to finish after SIGTERM/SIGINT. */
  KINDLING_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  KINDLING_BACKUP_DIR: z.string().min(1).optional(),
  KINDLING_BACKUP_EVERY_MINUTES: z.coerce.number().positive().max(10_080).default(60),
  KINDLING_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(48),
  /** Scheduled jobs (src/jobs.ts: retention): how often, and `off` to run them only by hand. */
  KINDLING_JOBS_EVERY_HOURS: z.coerce.number().positive().max(168).default(24),
  KINDLING_JOBS: z.enum(['on', 'off']).default('on'),
  // Set only behind a proxy that overwrites X-Forwarded-Proto: then https there counts as https.
  KINDLING_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // How often the in-process schedule decides and sends reminders; 0 turns it off (then run
  // `npm run admin -- send-reminders` from cron instead).
  REMINDER_EVERY_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
});

type Env = z.infer<typeof Env>;
type Opened = Awaited<ReturnType<typeof openServiceDatabase>>;
type Log = ReturnType<typeof nodeLogger>;

/** The database file, opened; or null when it may not be (the refusal is printed). */
async function openDatabase(env: Env, clock: () => Date): Promise<Opened | null> {
  // A fresh checkout has no data directory yet: that, and only that, creates the database
  // without being asked. A data directory without its database is a lost file or mount.
  const file = env.KINDLING_DB ?? DEFAULT_DB;
  const freshCheckout = env.KINDLING_DB === undefined && !existsSync(dirname(resolve(DEFAULT_DB)));
  try {
    return await openServiceDatabase(file, {
      create: env.KINDLING_CREATE_DB === 'yes' || freshCheckout,
      now: clock(),
    });
  } catch (error) {
    if (!(error instanceof StartRefusal)) throw error;
    console.error(error.message);
    return null;
  }
}

/** Backups, reminders and the scheduled jobs, each on its timer unless turned off. */
function scheduleWork(
  env: Env,
  reminderSetup: ReturnType<typeof remindersFromEnv>,
  { store, sqlite }: Opened,
  deps: { clock: () => Date; ids: ReturnType<typeof timeSortableIds>; log: Log },
) {
  const { clock, ids, log } = deps;
  const backups = env.KINDLING_BACKUP_DIR
    ? scheduleBackups({
        source: sqlite,
        dir: env.KINDLING_BACKUP_DIR,
        everyMs: env.KINDLING_BACKUP_EVERY_MINUTES * 60_000,
        keep: env.KINDLING_BACKUP_KEEP,
        clock,
        log: (fields, message) => log.info(fields, message),
      })
    : null;
  const reminders =
    env.REMINDER_EVERY_MINUTES > 0
      ? scheduleReminders({
          store,
          ...reminderSetup,
          everyMs: env.REMINDER_EVERY_MINUTES * 60_000,
          clock,
          ids: timeSortableIds(clock),
          log: (fields, message) => log.info(fields, message),
        })
      : null;
  // The same jobs the Workers Cron Trigger runs, from a timer: first a minute after start.
  const jobs =
    env.KINDLING_JOBS === 'on'
      ? scheduleEvery({
          everyMs: env.KINDLING_JOBS_EVERY_HOURS * 3_600_000,
          firstAfterMs: 60_000,
          task: () => runScheduledJobs({ store, hasher: sha256Hex, ids, log }, clock()),
        })
      : null;
  return { backups, reminders, jobs };
}

/** Stops on SIGTERM or SIGINT: timers, then requests in flight, then the file. */
function exitOnSignal(
  env: Env,
  log: Log,
  sqlite: Opened['sqlite'],
  running: Awaited<ReturnType<typeof startServer>>,
  { backups, reminders, jobs }: ReturnType<typeof scheduleWork>,
): Promise<number> {
  return new Promise<number>((resolveExit) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      backups?.stop();
      jobs?.stop();
      await jobs?.running();
      log.info({ event: 'shutdown', signal, inFlight: running.inFlight() }, 'stopping');
      const [{ cut }] = await Promise.all([
        running.drain(env.KINDLING_SHUTDOWN_GRACE_MS),
        reminders?.stop(env.KINDLING_SHUTDOWN_GRACE_MS),
      ]);
      // Every answered write is already durable (synchronous=FULL); the checkpoint folds the WAL
      // into the main file so the file alone is the whole ledger.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
      log.info({ event: 'stopped', signal, cut }, 'stopped');
      log.flush();
      resolveExit(cut === 0 ? 0 : 1);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
  });
}

async function main(): Promise<number> {
  const parsed = Env.safeParse(process.env);
  if (!parsed.success) {
    console.error(
      `Kindling cannot start: bad environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    return 1;
  }
  const env = parsed.data;
  let reminderSetup: ReturnType<typeof remindersFromEnv>;
  try {
    reminderSetup = remindersFromEnv(process.env);
  } catch (error) {
    console.error(`Kindling cannot start: bad reminder settings: ${String(error)}`);
    return 1;
  }
  const log = nodeLogger();
  const clock = () => new Date();
  const opened = await openDatabase(env, clock);
  if (!opened) return 1;
  const { store, sqlite, path } = opened;
  if (opened.created) console.log(`Created a new, empty Kindling database at ${path}.`);

  const ids = timeSortableIds(clock);
  const app = createApp({
    store,
    hasher: sha256Hex,
    ids,
    clock,
    log,
    trustForwardedProto: env.KINDLING_TRUST_PROXY === 'true',
    clientAddress: (c) => getConnInfo(c).remote.address,
  });
  const running = await startServer(app.fetch, { port: env.PORT, hostname: env.HOST });
  const work = scheduleWork(env, reminderSetup, opened, { clock, ids, log });
  const exit = exitOnSignal(env, log, sqlite, running, work);
  // Only once the handlers are in place: whoever reads this line may send a signal at once.
  console.log(
    `Kindling is serving http://${running.address.address}:${running.address.port} (database ${path}). API reference: /docs`,
  );
  return exit;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('Kindling stopped on an unexpected error:', error);
    process.exit(1);
  },
);
