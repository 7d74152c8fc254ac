/**
 * Figure 5: bulk posting. Ours: `POST /v1/entries/batch` over real HTTP (createApp +
 * @hono/node-server on 127.0.0.1, the file opened with the production pragmas), 1,000 entries of
 * three postings per request, one request after another, every database rule on every row.
 * Baseline: raw better-sqlite3 writing the same rows 100 entries per IMMEDIATE transaction on the
 * 0000 schema without triggers (balances updated by the loop, one idempotency record per
 * transaction). Goal (issue 14): ≥ 0.5×.
 */
import { serve } from '@hono/node-server';
import { Agent, request, type Server } from 'node:http';
import { once } from 'node:events';
import { join } from 'node:path';
import { timeSortableIds } from '../../src/core/ids.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite, type GroupReport } from '../../src/store/node-store.js';
import { ACCOUNTS, EFFECTIVE_DATE, POSTINGS, measureRaw } from './http-posting.js';
import {
  coordinatorToken,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  nowMs,
  removeTempDir,
  type Figure,
} from './lib.js';

export interface BatchPostingOptions {
  batches: number;
  perBatch: number;
  warmupBatches: number;
}

export async function runBatchPosting(options: BatchPostingOptions): Promise<Figure[]> {
  log(
    `\n== 5. Bulk posting: POST /v1/entries/batch, ${options.batches} × ${formatInt(options.perBatch)} entries`,
  );
  const ours = await measureBatches(options);
  const count = options.batches * options.perBatch;
  const raw = measureRaw('plain', { warmup: options.warmupBatches * options.perBatch, count }, 100);
  return [
    {
      id: '5',
      name: 'Batch endpoint entries/s',
      ours: `${formatInt(ours.rate)} entries/s (${options.perBatch} per request, every trigger)`,
      baseline: `${formatInt(raw.rate)} entries/s raw better-sqlite3, 100 per transaction, no triggers`,
      ratio: ours.rate / raw.rate,
      goal: { op: '>=', value: 0.5 },
      required: true,
    },
  ];
}

async function measureBatches(options: BatchPostingOptions): Promise<{ rate: number }> {
  const dir = makeTempDir('batch');
  const groups: GroupReport[] = [];
  const { store, sqlite } = openSqlite({
    path: join(dir, 'kindling.sqlite'),
    group: { onGroup: (report) => groups.push(report) },
  });
  const clock = () => new Date();
  const ids = timeSortableIds(clock);
  const app = createApp({ store, hasher: sha256Hex, ids, clock, log: silentLogger });
  const { secret } = await coordinatorToken(store, ids);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  const url = `http://127.0.0.1:${address.port}`;
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const account of ACCOUNTS) {
      const res = await fetch(`${url}/v1/accounts`, {
        method: 'POST',
        headers,
        body: JSON.stringify(account),
      });
      if (res.status !== 201) throw new Error(`opening ${account.code}: ${res.status}`);
    }
    // The bodies are the client's work, not the server's: built before the clock starts. They
    // go out through node:http with keep-alive, as figure 1's clients do: undici's fetch in this
    // same thread cost about as much CPU as a request's parsing.
    const bodies = Array.from({ length: options.warmupBatches + options.batches }, (_, b) =>
      Buffer.from(
        JSON.stringify({
          entries: Array.from({ length: options.perBatch }, (_, i) => ({
            effectiveDate: EFFECTIVE_DATE,
            description: `Bench entry ${b * options.perBatch + i}`,
            reasonCode: 'manual_adjustment',
            postings: POSTINGS.map((p) => ({ account: p.account, amount: p.amount })),
          })),
        }),
      ),
    );
    const send = (b: number) =>
      new Promise<void>((resolve, reject) => {
        const body = bodies[b]!;
        const req = request(
          {
            host: '127.0.0.1',
            port: address.port,
            path: '/v1/entries/batch',
            method: 'POST',
            agent,
            headers: {
              ...headers,
              'idempotency-key': `bench-batch-${b}`,
              'content-length': body.length,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () =>
              res.statusCode === 201
                ? resolve()
                : reject(
                    new Error(`batch ${b}: ${res.statusCode} ${Buffer.concat(chunks).toString()}`),
                  ),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    for (let b = 0; b < options.warmupBatches; b++) await send(b);
    const measuredFrom = groups.length;
    const started = nowMs();
    for (let b = 0; b < options.batches; b++) await send(options.warmupBatches + b);
    const elapsed = nowMs() - started;

    const total = (options.warmupBatches + options.batches) * options.perBatch;
    const bank = await store.getAccount(ACCOUNTS[0].code);
    if (bank?.balanceMinor !== 400 * total)
      throw new Error(`bank balance ${bank?.balanceMinor}, expected ${400 * total}`);
    if ((await store.balanceMismatches(5)).length) throw new Error('balances disagree');
    const count = options.batches * options.perBatch;
    const rate = (count / elapsed) * 1000;
    log(
      `   ours: ${formatInt(count)} entries in ${formatMs(elapsed)} = ${formatInt(rate)} entries/s; all ${formatInt(total)} checked (balances)`,
    );
    // Where a request's time goes: the database's part (writing the rows through every trigger,
    // then COMMIT) against the rest (HTTP, parsing, checking, sealing, the client's own work).
    const measured = groups.slice(measuredFrom);
    const writeMs = measured.reduce((sum, g) => sum + g.writeMs, 0);
    const commitMs = measured.reduce((sum, g) => sum + g.commitMs, 0);
    const perEntry = (ms: number) => formatMs(ms / count);
    log(
      `   ours, an entry's time: ${perEntry(elapsed)} = writing ${perEntry(writeMs)} + COMMIT ${perEntry(commitMs)} + everything else ${perEntry(elapsed - writeMs - commitMs)}`,
    );
    return { rate };
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sqlite.close();
    removeTempDir(dir);
  }
}
