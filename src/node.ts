import { serve } from '@hono/node-server';
import { z } from 'zod';
import { timeSortableIds } from './core/ids.js';
import { createApp } from './http/app.js';
import { sha256Hex } from './runtime/hash.js';
import { openSqlite } from './store/node-store.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  KINDLING_DB: z.string().min(1).default('./data/kindling.sqlite'),
  // Set only behind a proxy that overwrites X-Forwarded-Proto: then https there counts as https.
  KINDLING_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
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

const server = serve({ fetch: app.fetch, port: env.PORT, hostname: env.HOST }, (info) => {
  console.log(
    `Kindling is serving http://${info.address}:${info.port} (database ${env.KINDLING_DB}). API reference: /docs`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    sqlite.close();
    process.exit(0);
  });
}
