/**
 * Figure 4: statements and exports.
 *
 * 4a/4b. An account statement (PDF) with 10,000 lines: one account with 10,000 postings in one
 * financial year, and one with 1,000, populated through store.commit. GET
 * /v1/accounts/{code}/statement.pdf through app.request, the body read chunk by chunk as a
 * client would. Time against reading the same postings through GET /v1/accounts/{code}/postings
 * (JSON, pages of 500); memory as the heap's high-water mark above where it stood before
 * (sampled after every chunk and every 5 ms, after a forced GC), 10,000 lines against 1,000: a
 * statement that streams needs about the same memory however long it is.
 *
 * 4c. The trial balance over 1,000,000 postings (500,000 entries over 200 accounts, as figure 3)
 * as a PDF statement, GET /v1/ledger/trial-balance.pdf, against `hledger -f FILE balance --flat
 * -O csv` on the journal exported by GET /v1/ledger/journal.hledger; hledger's balances are
 * checked against ours first. Goal: ours at least 50 times faster.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { sequentialIds } from '../../src/core/ids.js';
import { ACCOUNT_TYPES } from '../../src/core/ledger/model.js';
import { createApp } from '../../src/http/app.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';
import { pdfShape } from '../support/pdf-lines.js';
import {
  BENCH_ALLIANCE,
  BENCH_NOW,
  coordinatorToken,
  dayOf,
  describePopulate,
  dirBytes,
  formatBytes,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  median,
  nowMs,
  openAccountsDirect,
  populateEntries,
  removeTempDir,
  type Figure,
  type PopulateTime,
} from './lib.js';

export interface StatementsBenchOptions {
  lines: number;
  smallLines: number;
  repetitions: number;
  entries: number;
  accounts: number;
  perCommit: number;
  storeBudgetMs: number;
  hledgerRuns: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export async function runStatements(options: StatementsBenchOptions): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  const statement = await accountStatement(options);
  const trial = await trialBalanceAgainstHledger(options);
  return { figures: [...statement.figures, ...trial.figures], populate: [...statement.populate, ...trial.populate] };
}

type App = ReturnType<typeof createApp>;

/** GETs a path and reads the body chunk by chunk, as a client would; samples memory as it goes. */
async function download(app: App, path: string, secret: string, onChunk: (chunk: Uint8Array) => void = () => undefined) {
  const t0 = nowMs();
  const res = await app.request(path, { headers: { authorization: `Bearer ${secret}` } });
  if (res.status !== 200 || !res.body) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    onChunk(value);
  }
  return { ms: nowMs() - t0, bytes };
}

/** The heap's and the process's high-water marks while `run` runs, above where the heap stood after a GC. */
async function peakMemory<T>(run: (sample: () => void) => Promise<T>): Promise<{ result: T; heapGrowth: number; rss: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let heap = base;
  let rss = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await run(sample);
    sample();
    return { result, heapGrowth: heap - base, rss };
  } finally {
    clearInterval(timer);
  }
}

async function accountStatement(options: StatementsBenchOptions): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  log(`\n== 4a. Account statement (PDF) with ${formatInt(options.lines)} lines`);
  const dir = makeTempDir('statement');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const app = createApp({ store, hasher: sha256Hex, ids, clock: () => BENCH_NOW });
    const { secret, tokenId } = await coordinatorToken(store, ids);
    const big = `alliance:${BENCH_ALLIANCE}:budget:big`;
    const small = `alliance:${BENCH_ALLIANCE}:budget:small`;
    const stream = `alliance:${BENCH_ALLIANCE}:stream:treatment`;
    await openAccountsDirect(store, [
      { code: big, type: 'liability', allowNegative: true },
      { code: small, type: 'liability', allowNegative: true },
      { code: stream, type: 'asset', allowNegative: true },
    ]);
    // Allocations in and spends out, through the financial year 2025/26, with descriptions long
    // enough to be cut to the column.
    const result = await populateEntries(store, sqlite, {
      total: options.lines + options.smallLines,
      perCommit: 1_000,
      storeBudgetMs: options.storeBudgetMs,
      progress: (line) => log(`   ${line}`),
      draftAt: (i) => {
        const onBig = i < options.lines;
        const n = onBig ? i : i - options.lines;
        const amount = (n % 7 === 0 ? -1 : 1) * (500 + (n % 4999));
        return {
          id: ids('ent'),
          allianceId: BENCH_ALLIANCE,
          effectiveDate: dayOf(2025, 90 + Math.floor((n * 365) / (onBig ? options.lines : options.smallLines))),
          recordedAt: BENCH_NOW.toISOString(),
          description: n % 7 === 0 ? `Allocation ${n} from the treatment stream, less brokerage` : `Spend ${n}: weekly gym membership at the leisure centre, paid to the provider`,
          actor: tokenId,
          reasonCode: n % 7 === 0 ? 'allocation' : 'spend',
          reversesEntryId: null,
          postings: [
            { line: 1, accountCode: onBig ? big : small, amountMinor: amount },
            { line: 2, accountCode: stream, amountMinor: -amount },
          ],
        };
      },
    });
    const populate: PopulateTime = { what: `statement file: ${formatInt(options.lines)} + ${formatInt(options.smallLines)} postings`, ms: result.ms, detail: describePopulate(result, 1_000) };
    log(`   populated ${populate.what} in ${formatMs(result.ms)}: ${populate.detail}`);

    const period = 'from=2025-04-01&to=2026-03-31';
    const pdf = (code: string) => `/v1/accounts/${code}/statement.pdf?${period}`;
    // The baseline reads the same rows through the JSON API, a keyset page at a time.
    const json = async (code: string) => {
      const t0 = nowMs();
      let cursor: string | null = null;
      let rows = 0;
      do {
        const res = await app.request(`/v1/accounts/${code}/postings?${period}&limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${secret}` } });
        const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
        rows += body.items.length;
        cursor = body.nextCursor;
      } while (cursor);
      if (rows !== options.lines) throw new Error(`read ${rows} postings, expected ${options.lines}`);
      return nowMs() - t0;
    };

    // Correctness, untimed: a whole PDF, with about one page per 60 lines.
    const chunks: Uint8Array[] = [];
    const first = await download(app, pdf(big), secret, (chunk) => chunks.push(chunk));
    const shape = pdfShape(Buffer.concat(chunks));
    if (!shape.complete || shape.pages < options.lines / 70) throw new Error(`the statement is not a whole PDF of its lines: ${JSON.stringify(shape)}`);
    log(`   ${formatInt(options.lines)}-line statement: ${formatBytes(first.bytes)} PDF, ${shape.pages} pages`);

    const pdfMs: number[] = [];
    const jsonMs: number[] = [];
    let peakBig = 0;
    let peakSmall = 0;
    let rssBig = 0;
    await json(big);
    for (let i = 0; i < options.repetitions; i++) {
      const measured = await peakMemory((sample) => download(app, pdf(big), secret, sample));
      pdfMs.push(measured.result.ms);
      peakBig = Math.max(peakBig, measured.heapGrowth);
      rssBig = Math.max(rssBig, measured.rss);
      peakSmall = Math.max(peakSmall, (await peakMemory((sample) => download(app, pdf(small), secret, sample))).heapGrowth);
      jsonMs.push(await json(big));
    }
    const list = (xs: number[]) => xs.map((x) => formatMs(x)).join(', ');
    log(`   PDF: median ${formatMs(median(pdfMs))} [${list(pdfMs)}] (${formatInt(options.lines / (median(pdfMs) / 1000))} lines/s); JSON pages of the same postings: median ${formatMs(median(jsonMs))}`);
    log(`   memory: heap high-water mark above the start ${formatBytes(peakBig)} for ${formatInt(options.lines)} lines, ${formatBytes(peakSmall)} for ${formatInt(options.smallLines)}; process RSS peak ${formatBytes(rssBig)}`);
    return {
      populate: [populate],
      figures: [
        {
          id: '4a',
          name: `account statement PDF, ${formatInt(options.lines)} lines (median)`,
          ours: formatMs(median(pdfMs)),
          baseline: `${formatMs(median(jsonMs))} reading the same postings as JSON`,
          ratio: median(pdfMs) / median(jsonMs),
          goal: { op: '<=', value: 10 },
          required: false,
        },
        {
          id: '4b',
          name: `its peak heap growth, ${formatInt(options.lines)} vs ${formatInt(options.smallLines)} lines`,
          ours: `${formatBytes(peakBig)} (RSS peak ${formatBytes(rssBig)})`,
          baseline: `${formatBytes(peakSmall)} for ${formatInt(options.smallLines)} lines`,
          ratio: peakBig / Math.max(peakSmall, 1),
          goal: { op: '<=', value: 2 },
          required: false,
        },
      ],
    };
  } finally {
    sqlite.close();
    removeTempDir(dir);
  }
}

async function trialBalanceAgainstHledger(options: StatementsBenchOptions): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  const postings = 2 * options.entries;
  log(`\n== 4c. Trial balance statement over ${formatInt(postings)} postings against hledger balance`);
  const dir = makeTempDir('hledger');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const app = createApp({ store, hasher: sha256Hex, ids, clock: () => BENCH_NOW });
    const { secret, tokenId } = await coordinatorToken(store, ids);
    const codes = Array.from({ length: options.accounts }, (_, i) => `alliance:${BENCH_ALLIANCE}:acct:${String(i).padStart(3, '0')}`);
    await openAccountsDirect(store, codes.map((code, i) => ({ code, type: ACCOUNT_TYPES[i % ACCOUNT_TYPES.length]!, allowNegative: true })));
    const result = await populateEntries(store, sqlite, {
      total: options.entries,
      perCommit: options.perCommit,
      storeBudgetMs: options.storeBudgetMs,
      progress: (line) => log(`   ${line}`),
      draftAt: (i) => {
        const debit = i % options.accounts;
        let credit = (i * 7 + 13) % options.accounts;
        if (credit === debit) credit = (credit + 1) % options.accounts;
        const amount = 100 + (i % 9973);
        return {
          id: ids('ent'),
          allianceId: BENCH_ALLIANCE,
          effectiveDate: dayOf(2025, Math.floor((i * 365) / options.entries)),
          recordedAt: BENCH_NOW.toISOString(),
          description: `Bench entry ${i}`,
          actor: tokenId,
          reasonCode: 'manual_adjustment',
          reversesEntryId: null,
          postings: [
            { line: 1, accountCode: codes[debit]!, amountMinor: amount },
            { line: 2, accountCode: codes[credit]!, amountMinor: -amount },
          ],
        };
      },
    });
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const populate: PopulateTime = { what: `hledger file: ${formatInt(options.entries)} entries (${formatInt(postings)} postings)`, ms: result.ms, detail: `${describePopulate(result, options.perCommit)}; file ${formatBytes(dirBytes(dir))}` };
    log(`   populated ${populate.what} in ${formatMs(result.ms)}: ${populate.detail}`);

    // The journal, streamed to a file.
    const journal = join(dir, 'kindling.journal');
    const file = createWriteStream(journal);
    const exported = await peakMemory((sample) =>
      download(app, '/v1/ledger/journal.hledger', secret, (chunk) => {
        file.write(chunk);
        sample();
      }),
    );
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    log(`   GET /v1/ledger/journal.hledger: ${formatBytes(exported.result.bytes)} in ${formatMs(exported.result.ms)}, heap high-water mark ${formatBytes(exported.heapGrowth)} above the start`);

    const asOf = '2026-01-01';
    const statementPath = `/v1/ledger/trial-balance.pdf?asOf=${asOf}`;
    const oursMs: number[] = [];
    await download(app, statementPath, secret);
    for (let i = 0; i < 5; i++) oursMs.push((await download(app, statementPath, secret)).ms);
    const jsonMs: number[] = [];
    for (let i = 0; i < 5; i++) jsonMs.push((await download(app, `/v1/ledger/trial-balance?asOf=${asOf}`, secret)).ms);
    log(`   ours: GET ${statementPath} median ${formatMs(median(oursMs))} [${oursMs.map((x) => formatMs(x)).join(', ')}]; the JSON trial balance median ${formatMs(median(jsonMs))}`);

    const hledgerMs: number[] = [];
    let output: string | null = null;
    for (let i = 0; i < options.hledgerRuns; i++) {
      const t0 = nowMs();
      output = await hledger(['-f', journal, 'balance', '--flat', '-O', 'csv']);
      if (output === null) break;
      hledgerMs.push(nowMs() - t0);
    }
    if (output === null) {
      log('   hledger is not installed (apt-get install -y hledger): figure 4c not measured');
      return { populate: [populate], figures: [] };
    }
    // Correctness, untimed: hledger's balances are ours.
    const tb = (await (await app.request(`/v1/ledger/trial-balance?asOf=${asOf}`, { headers: { authorization: `Bearer ${secret}` } })).json()) as { accounts: { code: string; debit: string; credit: string }[] };
    const ours = new Map(tb.accounts.map((a) => [a.code, a.debit !== '0.00' ? a.debit : `-${a.credit}`]));
    const theirs = new Map(output.trim().split('\n').slice(1).map((line) => line.replaceAll('"', '').split(',')).filter(([account]) => account !== 'total').map(([account, amount]) => [account!, amount!.replace(' GBP', '')]));
    if (ours.size !== theirs.size || [...ours].some(([code, amount]) => theirs.get(code) !== amount)) throw new Error(`hledger's balances differ from ours (${theirs.size} vs ${ours.size} accounts)`);
    log(`   hledger balance: ${hledgerMs.map((x) => formatMs(x)).join(', ')}; its ${theirs.size} balances equal ours`);
    return {
      populate: [populate],
      figures: [
        {
          id: '4c',
          name: `trial balance PDF over ${formatInt(postings)} postings vs hledger balance`,
          ours: formatMs(median(oursMs)),
          baseline: `${formatMs(median(hledgerMs))} hledger -f journal balance`,
          ratio: median(oursMs) / median(hledgerMs),
          goal: { op: '<=', value: 0.02 },
          required: true,
        },
      ],
    };
  } finally {
    sqlite.close();
    removeTempDir(dir);
  }
}

function hledger(args: string[]): Promise<string | null> {
  return new Promise((resolve, reject) =>
    execFile('hledger', args, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') resolve(null);
      else if (error) reject(new Error(`hledger failed: ${stderr || error.message}`));
      else resolve(stdout);
    }),
  );
}
