/**
 * Figure 5: bulk posting. Ours: `POST /v1/entries/batch` over real HTTP (createApp +
 * @hono/node-server on 127.0.0.1, the file opened with the production pragmas), 1,000 entries of
 * three postings per request, one request after another, every database rule on every row.
 * Baseline: raw better-sqlite3 writing the same rows 100 entries per IMMEDIATE transaction on the
 * 0000 schema without triggers (balances updated by the loop, one idempotency record per
 * transaction). The two take turns, a round each (4 rounds of 5 batches and of 5,000 raw
 * entries), each on its own file; each rate is its entries over its summed time. Goal (issue 14):
 * ≥ 0.5×.
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
import { ACCOUNTS, EFFECTIVE_DATE, POSTINGS, openRaw } from './http-posting.js';
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
  /** Ours and the raw loop take turns in this many rounds. */
  rounds: number;
}

export async function runBatchPosting(options: BatchPostingOptions): Promise<Figure[]> {
  log(
    `\n== 5. Bulk posting: POST /v1/entries/batch, ${options.batches} × ${formatInt(options.perBatch)} entries, against raw in ${options.rounds} interleaved rounds`,
  );
  const count = options.batches * options.perBatch;
  const ours = await openBatches(options);
  let raw: ReturnType<typeof openRaw> | null = null;
  try {
    raw = openRaw('plain', 100);
    await ours.send(options.warmupBatches);
    raw.post(options.warmupBatches * options.perBatch);
    // Ours and the raw loop take turns, a round each, so a slow minute of this shared machine
    // falls on both rather than on whichever ran in it: in one full run ours took 1.7 times its
    // usual time while the raw loop, run just after it, took 1.1 times.
    let oursMs = 0;
    let rawMs = 0;
    const groupsFrom = ours.groups.length;
    for (let round = 0; round < options.rounds; round++) {
      const batches =
        Math.floor((options.batches * (round + 1)) / options.rounds) -
        Math.floor((options.batches * round) / options.rounds);
      oursMs += await ours.send(batches);
      rawMs += raw.post(batches * options.perBatch);
    }
    await ours.check();
    raw.check();
    const rate = (count / oursMs) * 1000;
    const rawRate = (count / rawMs) * 1000;
    log(
      `   ours: ${formatInt(count)} entries in ${formatMs(oursMs)} = ${formatInt(rate)} entries/s; all ${formatInt(ours.total())} checked (balances)`,
    );
    // Where a request's time goes: the database's part (writing the rows through every trigger,
    // then COMMIT) against the rest (HTTP, parsing, checking, sealing, the client's own work).
    const measured = ours.groups.slice(groupsFrom);
    const writeMs = measured.reduce((sum, g) => sum + g.writeMs, 0);
    const commitMs = measured.reduce((sum, g) => sum + g.commitMs, 0);
    const perEntry = (ms: number) => formatMs(ms / count);
    log(
      `   ours, an entry's time: ${perEntry(oursMs)} = writing ${perEntry(writeMs)} + COMMIT ${perEntry(commitMs)} + everything else ${perEntry(oursMs - writeMs - commitMs)}`,
    );
    log(
      `   raw better-sqlite3 (${raw.describe}): ${formatInt(count)} entries in ${formatMs(rawMs)} = ${formatInt(rawRate)} entries/s`,
    );
    return [
      {
        id: '5',
        name: 'Batch endpoint entries/s',
        ours: `${formatInt(rate)} entries/s (${options.perBatch} per request, every trigger)`,
        baseline: `${formatInt(rawRate)} entries/s raw better-sqlite3, 100 per transaction, no triggers`,
        ratio: rate / rawRate,
        goal: { op: '>=', value: 0.5 },
        required: true,
      },
    ];
  } finally {
    raw?.close();
    await ours.close();
  }
}

/**
 * The server on its own temp file, driven in parts: `send(n)` posts the next n batches one after
 * another and returns the ms they took; `check()` proves every entry so far was written.
 */
async function openBatches(options: BatchPostingOptions) {
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
  const { port } = address;
  const url = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const close = async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sqlite.close();
    removeTempDir(dir);
  };
  try {
    for (const account of ACCOUNTS) {
      const res = await fetch(`${url}/v1/accounts`, {
        method: 'POST',
        headers,
        body: JSON.stringify(account),
      });
      if (res.status !== 201) throw new Error(`opening ${account.code}: ${res.status}`);
    }
  } catch (error) {
    await close();
    throw error;
  }
  // The bodies are the client's work, not the server's: built before the clock starts. They go
  // out through node:http with keep-alive, as figure 1's clients do: undici's fetch in this same
  // thread cost about as much CPU as a request's parsing.
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
  const sendOne = (b: number) =>
    new Promise<void>((resolve, reject) => {
      const body = bodies[b]!;
      const req = request(
        {
          host: '127.0.0.1',
          port,
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
  let sent = 0;
  return {
    groups,
    total: () => sent * options.perBatch,
    async send(batches: number): Promise<number> {
      const started = nowMs();
      for (let b = 0; b < batches; b++) await sendOne(sent++);
      return nowMs() - started;
    },
    async check(): Promise<void> {
      const total = sent * options.perBatch;
      const bank = await store.getAccount(ACCOUNTS[0].code);
      if (bank?.balanceMinor !== 400 * total)
        throw new Error(`bank balance ${bank?.balanceMinor}, expected ${400 * total}`);
      if ((await store.balanceMismatches(5)).length) throw new Error('balances disagree');
    },
    close,
  };
}
