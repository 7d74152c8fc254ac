/**
 * Figure 1: durable entry posting over real HTTP against raw better-sqlite3.
 *
 * Ours: the Node server path of src/node.ts (createApp + @hono/node-server `serve`) on
 * 127.0.0.1 over a temp file opened with openSqlite (WAL, synchronous=FULL). The 64 clients run
 * in a worker thread, so they have their own event loop and do not steal the server's, each on
 * one keep-alive socket writing HTTP/1.1 itself (see CLIENT_SCRIPT for why not node:http).
 *
 * Baseline: better-sqlite3 alone on another temp file with the same pragmas (checked: the run
 * stops if journal_mode or synchronous differ), measured before and after ours (the faster
 * counts, as the disk's fsync time drifts on a shared machine), writing the same
 * rows per entry (3 postings, 1 entry, 1 idempotency record, 3 balance updates) in one IMMEDIATE
 * transaction per entry, with cached prepared statements, in a loop. Its schema is
 * drizzle/0000_ledger.sql (same tables, columns, indexes and CHECKs) WITHOUT the triggers of
 * 0001, so it updates balances itself. A second, informational baseline runs the same loop on
 * the fully migrated schema (triggers update balances and seal entries). A third (info, no goal)
 * is a hello-world Hono route on the same server taking the same requests from the same clients:
 * how much of the framework's own ceiling on this machine a durable, checked entry keeps.
 */
import Database from 'better-sqlite3';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as inspector from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { timeSortableIds } from '../../src/core/ids.js';
import { sealEntry } from '../../src/core/ledger/hash.js';
import { GENESIS, type ChainHead } from '../../src/core/ledger/model.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { MIGRATIONS_FOLDER, openSqlite, type GroupReport } from '../../src/store/node-store.js';
import {
  BENCH_ALLIANCE,
  coordinatorToken,
  dirBytes,
  formatBytes,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  nowMs,
  percentile,
  removeTempDir,
  type Figure,
} from './lib.js';

export interface HttpPostingOptions {
  clients: number;
  warmup: number;
  count: number;
}

export const ACCOUNTS = [
  { code: `alliance:${BENCH_ALLIANCE}:bank`, type: 'asset', allowNegative: true },
  { code: `alliance:${BENCH_ALLIANCE}:fund`, type: 'fund', allowNegative: false },
  { code: `alliance:${BENCH_ALLIANCE}:expense`, type: 'expense', allowNegative: false },
] as const;
// bank +4.00, expense +3.00 (both debit-normal, growing), fund -7.00 (credit-normal, growing).
export const POSTINGS = [
  { account: ACCOUNTS[0].code, amount: '4.00', minor: 400 },
  { account: ACCOUNTS[2].code, amount: '3.00', minor: 300 },
  { account: ACCOUNTS[1].code, amount: '-7.00', minor: -700 },
];
export const EFFECTIVE_DATE = '2026-05-01';

interface PhaseResult {
  elapsedMs: number;
  ok: number;
  latencies: number[];
  errors: string[];
}

// The clients, as plain JavaScript evaluated in a worker thread (no TypeScript loader needed
// there). Each of `clients` loops taking the next index until `count` requests have been sent.
const CLIENT_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const net = require('node:net');
const { url, token, clients, warmup, count, postings, effectiveDate } = workerData;
const target = new URL(url);
// The clients share this machine's two cores with the server, so what they cost is taken from
// it: the load generator must not be what is measured. undici's fetch cost as much CPU per
// request as the server did, and node:http with keep-alive still took about 140 µs a request
// more than this (the process's CPU 720-780 µs a request against 600-640, the hello-world row
// 6,100 requests/s against 10,000-10,800, on 2 cores). So each client holds one keep-alive
// socket, writes its request as HTTP/1.1 text and reads the answer by its status line and
// Content-Length (every answer here has one; one without it fails the run), as wrk does.
function connection() {
  const socket = net.connect({ host: target.hostname, port: Number(target.port) });
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let waiting = null;
  socket.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    tryParse();
  });
  const fail = (error) => { if (waiting) { const w = waiting; waiting = null; w.reject(error); } };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('the server closed the connection')));
  function tryParse() {
    if (!waiting) return;
    const end = buffer.indexOf('\\r\\n\\r\\n');
    if (end < 0) return;
    const head = buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\\r\\ncontent-length: *(\\d+)/i.exec(head);
    if (!length) {
      const w = waiting; waiting = null;
      w.reject(new Error('response without Content-Length: ' + head));
      return;
    }
    const n = Number(length[1]);
    if (buffer.length < end + 4 + n) return;
    const body = buffer.subarray(end + 4, end + 4 + n);
    buffer = buffer.subarray(end + 4 + n);
    const w = waiting; waiting = null;
    w.resolve({ status, text: body.toString('utf8') });
  }
  return {
    send(bytes) {
      return new Promise((resolve, reject) => { waiting = { resolve, reject }; socket.write(bytes); });
    },
    close() { socket.destroy(); },
  };
}
const pool = [];
const prefix = 'POST /v1/entries HTTP/1.1\\r\\nHost: ' + target.host + '\\r\\nAuthorization: Bearer ' + token + '\\r\\nContent-Type: application/json\\r\\n';
function post(conn, key, body) {
  const bytes = Buffer.byteLength(body);
  return conn.send(prefix + 'Idempotency-Key: ' + key + '\\r\\nContent-Length: ' + bytes + '\\r\\n\\r\\n' + body);
}
let sent = 0;
async function phase(n) {
  let next = 0;
  const latencies = [];
  const errors = [];
  let ok = 0;
  async function client(_, c) {
    const conn = pool[c] ?? (pool[c] = connection());
    for (;;) {
      if (next >= n) return;
      next++;
      const i = sent++;
      const body = JSON.stringify({ effectiveDate, description: 'Bench entry ' + i, reasonCode: 'manual_adjustment', postings });
      const t0 = performance.now();
      try {
        const res = await post(conn, 'bench-' + i, body);
        latencies.push(performance.now() - t0);
        if (res.status === 201) ok++;
        else if (errors.length < 5) errors.push(res.status + ' ' + res.text.slice(0, 300));
      } catch (error) {
        if (errors.length < 5) errors.push(String(error && error.cause ? error.cause : error));
      }
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { elapsedMs: performance.now() - t0, ok, latencies, errors };
}
(async () => {
  const warm = await phase(warmup);
  parentPort.postMessage({ measuring: true });
  const measured = await phase(count);
  for (const conn of pool) conn.close();
  parentPort.postMessage({ warm, measured });
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack ? error.stack : error) }));
`;

export async function runHttpPosting(options: HttpPostingOptions): Promise<Figure[]> {
  log(
    `\n== 1. Durable HTTP entry posting: ${options.clients} concurrent clients, ${formatInt(options.warmup)} warm-up + ${formatInt(options.count)} measured entries`,
  );
  // The disk here is shared, and its fsync time moves from minute to minute; the baseline is
  // measured before and after ours and the faster of the two is the one compared against.
  const rawBefore = measureRaw('plain', options);
  const ours = await measureHttp(options);
  const rawAfter = measureRaw('plain', options);
  const rawPlain = rawBefore.rate >= rawAfter.rate ? rawBefore : rawAfter;
  const hello = await measureHello(options);
  const rawTriggers = measureRaw('triggers', options);
  for (const raw of [rawBefore, rawAfter, rawTriggers]) {
    if (raw.durability !== ours.durability)
      throw new Error(`durability differs: ours ${ours.durability}, raw ${raw.durability}`);
  }
  log(`   durability, ours and every raw loop: ${ours.durability}`);

  const oursRate = (options.count / ours.elapsedMs) * 1000;
  return [
    {
      id: '1',
      name: `POST /v1/entries over HTTP, ${options.clients} clients (entries/s)`,
      ours: `${formatInt(oursRate)} entries/s`,
      baseline: `${formatInt(rawPlain.rate)} entries/s raw better-sqlite3, 1 entry per transaction, 0000 schema, no triggers (faster of 2 runs)`,
      ratio: oursRate / rawPlain.rate,
      // Group commit: one fsync per group of concurrent requests must beat one per entry.
      goal: { op: '>=', value: 1.0 },
      required: true,
    },
    {
      id: '1x',
      name: 'same, against raw loop on the migrated schema (with triggers)',
      ours: `${formatInt(oursRate)} entries/s`,
      baseline: `${formatInt(rawTriggers.rate)} entries/s raw better-sqlite3, 0000+0001 (triggers)`,
      ratio: oursRate / rawTriggers.rate,
      goal: { op: '>=', value: 0.5 },
      required: false,
    },
    {
      id: '1h',
      name: 'same, against a hello-world Hono route on the same server',
      ours: `${formatInt(oursRate)} entries/s`,
      baseline: `${formatInt(hello.rate)} requests/s POST answering 201 {"ok":true}, same clients and bodies`,
      ratio: oursRate / hello.rate,
      goal: null,
      required: false,
    },
  ];
}

/**
 * Runs the client worker against `url` and returns its two phases, failing on any error.
 * `onMeasuring` is called as the measured phase starts (after the warm-up), so the server's
 * CPU can be read around that phase alone.
 */
async function drive(
  url: string,
  token: string,
  options: HttpPostingOptions,
  onMeasuring: () => void = () => {},
) {
  const threadsBefore = new Set(threadTimes().keys());
  let atMeasuring: Map<string, number> = new Map();
  let atEnd: Map<string, number> = new Map();
  const worker = new Worker(CLIENT_SCRIPT, {
    eval: true,
    workerData: {
      url,
      token,
      clients: options.clients,
      warmup: options.warmup,
      count: options.count,
      postings: POSTINGS.map(({ account, amount }) => ({ account, amount })),
      effectiveDate: EFFECTIVE_DATE,
    },
  });
  try {
    const message = await new Promise<
      { warm: PhaseResult; measured: PhaseResult } | { fatal: string }
    >((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: { measuring: true } | { fatal: string } | { warm: PhaseResult }) => {
        if ('measuring' in m) {
          atMeasuring = threadTimes();
          onMeasuring();
        } else {
          // Read before the worker ends: its thread's time goes with it.
          atEnd = threadTimes();
          resolve(m as { warm: PhaseResult; measured: PhaseResult } | { fatal: string });
        }
      });
    });
    if ('fatal' in message) throw new Error(`client worker failed: ${message.fatal}`);
    for (const phase of [message.warm, message.measured]) {
      if (phase.errors.length) throw new Error(`requests failed:\n  ${phase.errors.join('\n  ')}`);
    }
    return { ...message, threads: splitThreads(threadsBefore, atMeasuring, atEnd) };
  } finally {
    await worker.terminate();
  }
}

/**
 * The framework's ceiling on this machine: a hello-world Hono app on the same @hono/node-server,
 * answering the same requests from the same clients with 201 after reading the JSON body, and
 * nothing else: no auth, no validation, no database.
 */
async function measureHello(options: HttpPostingOptions): Promise<{ rate: number }> {
  const app = new Hono();
  app.post('/v1/entries', async (c) => {
    await c.req.json();
    return c.json({ ok: true }, 201);
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  try {
    const { measured } = await drive(
      `http://127.0.0.1:${address.port}`,
      'kdl_hello-world-no-auth-0000000000000000000',
      options,
    );
    if (measured.ok !== options.count)
      throw new Error(`hello world answered ${measured.ok} of ${options.count}`);
    const rate = (options.count / measured.elapsedMs) * 1000;
    log(
      `   hello-world Hono route, same server and clients: ${formatInt(options.count)} requests in ${formatMs(measured.elapsedMs)} = ${formatInt(rate)} requests/s (latency p50 ${formatMs(percentile(measured.latencies, 50))})`,
    );
    return { rate };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The settings that decide what a COMMIT waits for; ours and the baseline must agree. */
export function durability(db: Database.Database): string {
  const journal = String(db.pragma('journal_mode', { simple: true }));
  const synchronous = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][
    Number(db.pragma('synchronous', { simple: true }))
  ];
  return `journal_mode=${journal}, synchronous=${synchronous}`;
}

async function measureHttp(
  options: HttpPostingOptions,
): Promise<PhaseResult & { durability: string }> {
  const dir = makeTempDir('http');
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
  try {
    for (const account of ACCOUNTS) {
      const res = await fetch(`${url}/v1/accounts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(account),
      });
      if (res.status !== 201)
        throw new Error(`opening ${account.code}: ${res.status} ${await res.text()}`);
    }

    const watch = watchServer();
    let groupsBefore = 0;
    const { warm, measured, threads } = await drive(url, secret, options, () => {
      groupsBefore = groups.length;
      watch.start();
    });
    const spent = await watch.stop();
    const measuredGroups = groups.slice(-Math.ceil(groups.length / 2));
    const phaseGroups = groups.slice(groupsBefore);

    // Check what was written, outside the timed part.
    const total = options.warmup + options.count;
    const counted = sqlite
      .prepare(
        'SELECT (SELECT count(*) FROM entries) AS entries, (SELECT count(*) FROM postings) AS postings, (SELECT count(*) FROM idempotency_keys) AS keys',
      )
      .get() as { entries: number; postings: number; keys: number };
    if (
      warm.ok + measured.ok !== total ||
      counted.entries !== total ||
      counted.postings !== 3 * total ||
      counted.keys !== total
    ) {
      throw new Error(
        `expected ${total} entries; got ${JSON.stringify({ ok: warm.ok + measured.ok, ...counted })}`,
      );
    }
    const bank = await store.getAccount(ACCOUNTS[0].code);
    if (bank?.balanceMinor !== 400 * total)
      throw new Error(`bank balance ${bank?.balanceMinor}, expected ${400 * total}`);
    const mismatches = await store.balanceMismatches(5);
    if (mismatches.length)
      throw new Error(`stored balances disagree with postings: ${JSON.stringify(mismatches)}`);

    log(
      `   ours: ${formatInt(options.count)} entries in ${formatMs(measured.elapsedMs)} = ${formatInt((options.count / measured.elapsedMs) * 1000)} entries/s` +
        ` (latency p50 ${formatMs(percentile(measured.latencies, 50))}, p99 ${formatMs(percentile(measured.latencies, 99))}, max ${formatMs(percentile(measured.latencies, 100))});` +
        ` warm-up ${formatInt((options.warmup / warm.elapsedMs) * 1000)} entries/s; all ${formatInt(total)} checked (counts, balances); file ${formatBytes(dirBytes(dir))}`,
    );
    log(`   ours, group commit (last half of the groups): ${describeGroups(measuredGroups)}`);
    const inCommit = phaseGroups.reduce((sum, g) => sum + g.commitMs, 0);
    const threadCpu =
      spent.threadMs === null
        ? ''
        : `CPU ${formatMs(spent.threadMs)} = ${formatMs(spent.threadMs / options.count)} a request; `;
    log(
      `   ours, server thread over the measured phase: ${threadCpu}busy ${formatMs(spent.busyMs)} (${formatMs(spent.busyMs / options.count)} a request), of which ${formatMs(inCommit)} in COMMIT; process CPU (server, clients, I/O threads) ${formatMs(spent.cpuMs / options.count)} a request${spent.profile ? `; profile in ${spent.profile}` : ''}`,
    );
    if (threads) {
      const each = (ms: number) => formatMs(ms / options.count);
      log(
        `   ours, process CPU by thread over the measured phase, a request: server ${each(threads.serverMs)}, clients ${each(threads.clientsMs)}, V8 and libuv background threads (optimising compiler, GC helpers) ${each(threads.otherMs)}`,
      );
    }
    return { ...measured, durability: durability(sqlite) };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    sqlite.close();
    removeTempDir(dir);
  }
}

/**
 * How busy the server's thread (this one: the clients run in a worker) was between start and
 * stop, from its event-loop utilisation, and the whole process's CPU (clients included). With
 * BENCH_CPU_PROFILE=FILE the thread is also profiled over that span (open FILE in Chrome's
 * DevTools or speedscope).
 */
function watchServer() {
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  let thread = threadCpuMs();
  const file = process.env.BENCH_CPU_PROFILE;
  const session = file ? new inspector.Session() : null;
  return {
    start() {
      if (session) {
        session.connect();
        void session.post('Profiler.enable');
        void session.post('Profiler.start');
      }
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      thread = threadCpuMs();
    },
    async stop(): Promise<{
      busyMs: number;
      cpuMs: number;
      threadMs: number | null;
      profile: string | null;
    }> {
      const busyMs = performance.eventLoopUtilization(elu).active;
      const used = process.cpuUsage(cpu);
      const threadNow = threadCpuMs();
      const threadMs = thread === null || threadNow === null ? null : threadNow - thread;
      if (session && file) {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
      }
      return { busyMs, cpuMs: (used.user + used.system) / 1000, threadMs, profile: file ?? null };
    },
  };
}

/**
 * CPU time of this thread alone (user + system), from Linux's /proc in 10 ms ticks; null
 * elsewhere. Unlike wall-clock busy time it does not grow when other work shares the cores.
 */
function threadCpuMs(): number | null {
  return threadCpu(String(process.pid));
}

/** One thread's CPU ms (user + system) from /proc, or null where it cannot be read. */
function threadCpu(tid: string): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** CPU ms of each of this process's threads, by thread id; empty where /proc is missing. */
function threadTimes(): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    // Not Linux: no split.
  }
  for (const tid of tids) {
    const ms = threadCpu(tid); // null: the thread ended between listing and reading
    if (ms !== null) times.set(tid, ms);
  }
  return times;
}

/**
 * Where the process's CPU went over the measured phase: the server's thread (this one), the
 * client worker (threads started with it) and the rest, which here is V8's background threads
 * (the optimising compiler, the GC's helpers) and libuv's. Null where /proc is missing.
 */
function splitThreads(
  before: ReadonlySet<string>,
  start: ReadonlyMap<string, number>,
  end: ReadonlyMap<string, number>,
): { serverMs: number; clientsMs: number; otherMs: number } | null {
  if (end.size === 0) return null;
  const split = { serverMs: 0, clientsMs: 0, otherMs: 0 };
  for (const [tid, ms] of end) {
    const spent = ms - (start.get(tid) ?? 0);
    if (tid === String(process.pid)) split.serverMs += spent;
    else if (before.has(tid)) split.otherMs += spent;
    else split.clientsMs += spent;
  }
  return split;
}

/** Commits per group and where a group's time went, averaged. */
export function describeGroups(groups: readonly GroupReport[]): string {
  const average = (pick: (g: GroupReport) => number) =>
    groups.reduce((sum, g) => sum + pick(g), 0) / Math.max(1, groups.length);
  return `${formatInt(groups.length)} groups of ${average((g) => g.size).toFixed(1)} commits on average (largest ${Math.max(0, ...groups.map((g) => g.size))}), ${formatMs(average((g) => g.writeMs))} writing and ${formatMs(average((g) => g.commitMs))} in COMMIT each`;
}

/**
 * One IMMEDIATE transaction per entry (or per `perTransaction` entries, with one idempotency
 * record per transaction, as a batch request stores), the same rows as the server writes. With
 * 'plain' the schema has no triggers and the loop updates the three balances itself; with
 * 'triggers' it is the migrated schema and the triggers do that (and seal the entry).
 */
export function measureRaw(
  schema: 'plain' | 'triggers',
  options: Pick<HttpPostingOptions, 'warmup' | 'count'>,
  perTransaction = 1,
): { rate: number; durability: string } {
  const raw = openRaw(schema, perTransaction);
  try {
    raw.post(options.warmup);
    const elapsed = raw.post(options.count);
    const rate = (options.count / elapsed) * 1000;
    raw.check();
    log(
      `   raw better-sqlite3 (${raw.describe}): ${formatInt(options.count)} entries in ${formatMs(elapsed)} = ${formatInt(rate)} entries/s`,
    );
    return { rate, durability: raw.durability };
  } finally {
    raw.close();
  }
}

/**
 * The raw loop on its own temp file, to be driven in parts: `post(n)` writes n more entries and
 * returns the ms they took, so a figure can interleave it with ours; `check()` proves every
 * entry so far was written.
 */
export function openRaw(schema: 'plain' | 'triggers', perTransaction = 1) {
  const dir = makeTempDir(`raw-${schema}`);
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.exec(readFileSync(join(MIGRATIONS_FOLDER, '0000_ledger.sql'), 'utf8'));
    if (schema === 'triggers')
      db.exec(readFileSync(join(MIGRATIONS_FOLDER, '0001_ledger_triggers.sql'), 'utf8'));

    const createdAt = new Date().toISOString();
    const insertAccount = db.prepare(
      'INSERT INTO accounts (code, type, normal_side, allow_negative, alliance_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const accountIds = new Map<string, number>();
    for (const a of ACCOUNTS) {
      const side = a.type === 'asset' || a.type === 'expense' ? 'debit' : 'credit';
      accountIds.set(
        a.code,
        Number(
          insertAccount.run(
            a.code,
            a.type,
            side,
            a.allowNegative ? 1 : 0,
            BENCH_ALLIANCE,
            createdAt,
          ).lastInsertRowid,
        ),
      );
    }
    const insertPosting = db.prepare(
      'INSERT INTO postings (entry_id, line, account_id, amount_minor, effective_date) VALUES (?, ?, ?, ?, ?)',
    );
    const updateBalance = db.prepare(
      'UPDATE accounts SET balance_minor = balance_minor + ?, posting_count = posting_count + 1 WHERE id = ?',
    );
    const insertEntry = db.prepare(
      'INSERT INTO entries (id, seq, alliance_id, effective_date, recorded_at, description, actor, reason_code, reverses_entry_id, posting_count, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertKey = db.prepare(
      'INSERT INTO idempotency_keys (alliance_id, key, fingerprint, status, response_json, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );

    const clock = () => new Date();
    const ids = timeSortableIds(clock);
    let head: ChainHead = GENESIS;
    let n = 0;
    const writeOne = (withKey: boolean) => {
      const i = n++;
      const now = clock().toISOString();
      // Lines of the shape the server seals (its batch knows each account's id): sealEntry is
      // shared, and lines of another shape here made V8 deoptimise it under the server's code.
      const lines = POSTINGS.map((p, index) => ({
        line: index + 1,
        accountCode: p.account,
        amountMinor: p.minor,
        accountId: accountIds.get(p.account),
      }));
      const description = `Bench entry ${i}`;
      const entry = sealEntry(sha256Hex, head, {
        id: ids('ent'),
        allianceId: BENCH_ALLIANCE,
        effectiveDate: EFFECTIVE_DATE,
        recordedAt: now,
        description,
        actor: 'tok_bench',
        reasonCode: 'manual_adjustment',
        reversesEntryId: null,
        postings: lines,
      });
      for (const p of lines) {
        const accountId = accountIds.get(p.accountCode)!;
        insertPosting.run(entry.id, p.line, accountId, p.amountMinor, entry.effectiveDate);
        if (schema === 'plain') updateBalance.run(p.amountMinor, accountId);
      }
      insertEntry.run(
        entry.id,
        entry.seq,
        entry.allianceId,
        entry.effectiveDate,
        entry.recordedAt,
        entry.description,
        entry.actor,
        entry.reasonCode,
        null,
        lines.length,
        entry.prevHash,
        entry.hash,
      );
      const fingerprint = sha256Hex(
        `post_entry\n${JSON.stringify({ effectiveDate: EFFECTIVE_DATE, description, reasonCode: 'manual_adjustment', postings: POSTINGS })}`,
      );
      if (withKey)
        insertKey.run(BENCH_ALLIANCE, `bench-${i}`, fingerprint, 201, JSON.stringify(entry), now);
      head = { seq: entry.seq, hash: entry.hash };
    };
    const postSome = db.transaction((k: number) => {
      for (let j = 0; j < k; j++) writeOne(j === 0);
    });

    return {
      describe: `${schema === 'plain' ? '0000 schema, no triggers, balances updated by the loop' : 'migrated schema, triggers'}, ${perTransaction} per transaction`,
      durability: durability(db),
      post(count: number): number {
        const started = nowMs();
        for (let done = 0; done < count; done += perTransaction)
          postSome.immediate(Math.min(perTransaction, count - done));
        return nowMs() - started;
      },
      check(): void {
        const bank = db
          .prepare('SELECT balance_minor AS b FROM accounts WHERE code = ?')
          .get(ACCOUNTS[0].code) as { b: number };
        const entries = (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
        if (bank.b !== 400 * n || entries !== n)
          throw new Error(
            `raw ${schema}: expected ${n} entries and bank ${400 * n}, got ${entries} and ${bank.b}`,
          );
      },
      close(): void {
        db.close();
        removeTempDir(dir);
      },
    };
  } catch (error) {
    db.close();
    removeTempDir(dir);
    throw error;
  }
}
