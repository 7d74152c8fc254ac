/**
 * npm run test:crash — the real service under concurrent clients, killed with SIGKILL at random
 * moments. After each restart: every write it acknowledged is there exactly once, a retry of an
 * acknowledged write with the same key replays it, a retry of an unanswered one is applied at
 * most once, and verify (chain, balances, SQLite's quick_check) is ok. Bounded in time; prints
 * its figures and exits non-zero on any loss, duplicate or failed check.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '../../src/store/node-store.js';
import { entryBody, openLedger } from '../support/load.js';
import {
  call,
  seedDatabase,
  startService,
  type ServiceProcess,
} from '../support/server-process.js';

const RESTARTS = Number(process.env.CRASH_RESTARTS ?? 12);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 12);
const MIN_RESTARTS = 10;
// After MIN_RESTARTS, more only while within the budget; the hard cap bounds a slow machine.
const BUDGET_MS = Number(process.env.CRASH_BUDGET_MS ?? 90_000);
const HARD_CAP_MS = 240_000;
// A seeded generator, so a failing run can be repeated with CRASH_SEED.
let seed = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);
const firstSeed = seed;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};

interface Write {
  body: ReturnType<typeof entryBody>;
  entryId: string | null;
}

/**
 * The service bundled once into plain JavaScript, so each restart costs a Node start and not a
 * TypeScript compile (tsx): more restarts fit in the time. Placed two levels under the root so
 * the migrations folder resolves as it does from src/store/.
 */
async function bundleService(): Promise<string[]> {
  const outfile = join(process.cwd(), '.crash', 'bin', 'node.mjs');
  await build({
    entryPoints: ['src/node.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return [outfile];
}

async function main(): Promise<number> {
  const started = Date.now();
  const command = await bundleService();
  const start = () => startService({ KINDLING_DB: path }, 60_000, undefined, command);
  const dir = mkdtempSync(join(tmpdir(), 'kindling-crash-'));
  const path = join(dir, 'kindling.sqlite');
  const token = await seedDatabase(path, 'crawley');
  const writes = new Map<string, Write>();
  const problems: string[] = [];
  let service: ServiceProcess = await start();
  const accounts = await openLedger(service.url, token, 'crawley');
  let restarts = 0;
  let unansweredRetried = 0;
  let unansweredApplied = 0;
  let replaysChecked = 0;
  let n = 0;

  const post = (key: string) =>
    call(service.url, 'POST', '/v1/entries', { token, key, json: writes.get(key)!.body });

  try {
    for (;;) {
      const elapsed = Date.now() - started;
      if (restarts >= RESTARTS || elapsed > HARD_CAP_MS) break;
      if (restarts >= MIN_RESTARTS && elapsed > BUDGET_MS) break;
      // Load, then a kill at a random moment of it.
      let killed = false;
      const client = async () => {
        while (!killed) {
          const key = `crash-${++n}`;
          writes.set(key, { body: entryBody(accounts, 1 + (n % 997)), entryId: null });
          try {
            const res = await post(key);
            if (res.status === 201) writes.get(key)!.entryId = res.body.id;
            else problems.push(`${key}: unexpected ${res.status} ${JSON.stringify(res.body)}`);
          } catch {
            // Unanswered: retried after the restart.
          }
        }
      };
      const load = Promise.all(Array.from({ length: CLIENTS }, client));
      await new Promise((r) => setTimeout(r, 150 + random() * 900));
      killed = true; // clients send nothing new; what is in flight is cut by the kill
      service.child.kill('SIGKILL');
      await service.exited;
      await load;
      restarts += 1;

      service = await start();
      // Every unanswered write, retried with its key and body, is applied at most once.
      const unanswered = [...writes].filter(([, w]) => w.entryId === null);
      unansweredRetried += unanswered.length;
      await Promise.all(
        unanswered.map(async ([key, write]) => {
          const res = await post(key);
          if (res.status !== 201) problems.push(`${key}: retry answered ${res.status}`);
          else {
            write.entryId = res.body.id;
            if (res.headers['idempotent-replayed'] === 'true') unansweredApplied += 1;
          }
        }),
      );
      // Acknowledged writes replay: the same entry, marked as a replay.
      const acked = [...writes].filter(([, w]) => w.entryId !== null);
      await Promise.all(
        Array.from({ length: Math.min(10, acked.length) }, async () => {
          const [key, write] = acked[Math.floor(random() * acked.length)]!;
          const res = await post(key);
          replaysChecked += 1;
          if (
            res.status !== 201 ||
            res.body.id !== write.entryId ||
            res.headers['idempotent-replayed'] !== 'true'
          )
            problems.push(
              `${key}: replay answered ${res.status} ${res.body.id}, not ${write.entryId}`,
            );
        }),
      );
      const verify = await call(service.url, 'GET', '/v1/ledger/verify', { token });
      if (verify.status !== 200 || verify.body.ok !== true)
        problems.push(`verify after restart ${restarts}: ${JSON.stringify(verify.body)}`);
    }
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
  }

  // Exactly once: every acknowledged entry is stored, and there is one entry per key, no more.
  const { sqlite } = openSqlite({ path, readonly: true });
  const stored = new Map<string, number>();
  for (const row of sqlite
    .prepare("SELECT id FROM entries WHERE reason_code = 'manual_adjustment'")
    .all() as { id: string }[])
    stored.set(row.id, (stored.get(row.id) ?? 0) + 1);
  sqlite.close();
  const acknowledged = [...writes.values()].filter((w) => w.entryId !== null);
  const lost = acknowledged.filter((w) => !stored.has(w.entryId!)).length;
  const duplicated = Math.max(0, stored.size - new Set(acknowledged.map((w) => w.entryId)).size);
  rmSync(dir, { recursive: true, force: true });

  console.log(
    [
      `crash test (seed ${firstSeed}): ${restarts} SIGKILL restarts under ${CLIENTS} clients in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `writes sent ${writes.size}, acknowledged ${acknowledged.length - unansweredRetried} during load + ${unansweredRetried} unanswered then retried with their key`,
      `unanswered writes the database already had (replayed on retry): ${unansweredApplied}`,
      `lost ${lost}, duplicated ${duplicated}, replays checked ${replaysChecked}, verify ok after every restart: ${problems.every((p) => !p.startsWith('verify'))}`,
      ...problems.slice(0, 10).map((p) => `PROBLEM ${p}`),
    ].join('\n'),
  );
  return lost === 0 && duplicated === 0 && problems.length === 0 && restarts >= MIN_RESTARTS
    ? 0
    : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
