import { serve } from '@hono/node-server';
import { z } from 'zod';
import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { sha256Hex } from './runtime/hash.js';
import { openSqlite } from './store/node-store.js';
import { runReminders } from './core/reminders/run.js';
import { remindersFromEnv } from './reminders/senders.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  KINDLING_DB: z.string().min(1).default('./data/kindling.sqlite'),
  // Set only behind a proxy that overwrites X-Forwarded-Proto: then https there counts as https.
  KINDLING_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  // How often the in-process schedule decides and sends reminders; 0 turns it off (then run
  // `npm run admin -- send-reminders` from cron instead).
  REMINDER_EVERY_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
});

const parsed = Env.safeParse(process.env);
if (!parsed.success) {
  console.error(
    'Kindling cannot start: bad environment.',
    parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  );
  process.exit(1);
}
const env = parsed.data;

const clock = () => new Date();
const { store, sqlite } = openSqlite({ path: env.KINDLING_DB });
const app = createApp({
  store,
  hasher: sha256Hex,
  ids: timeSortableIds(clock),
  clock,
  trustForwardedProto: env.KINDLING_TRUST_PROXY === 'true',
});

const reminders = remindersFromEnv(process.env);
let running = false;
const remind = async () => {
  if (running) return; // a slow gateway never stacks runs up
  running = true;
  try {
    const s = await runReminders(
      { store, reminders: store.reminders, ids: timeSortableIds(clock) },
      reminders.sender,
      clock(),
      reminders.quiet,
    );
    if (s.sent || s.failed || s.retrying) console.log(`reminders: ${JSON.stringify(s)}`);
  } catch (error) {
    console.error('reminders: the run stopped', error);
  } finally {
    running = false;
  }
};
const timer =
  env.REMINDER_EVERY_MINUTES > 0
    ? setInterval(remind, env.REMINDER_EVERY_MINUTES * 60_000).unref()
    : null;

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(
    `Kindling is serving http://${info.address}:${info.port} (database ${env.KINDLING_DB}). API reference: /docs`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (timer) clearInterval(timer);
    server.close();
    sqlite.close();
    process.exit(0);
  });
}
