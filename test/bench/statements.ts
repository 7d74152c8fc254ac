/**
 * Figure 4: statements and exports.
 *
 * 4a/4b. A budget statement (PDF) with 10,000 lines: a budget with 10,000 allocations and spends
 * in one financial year, and one with 1,000, made through the API. GET
 * /v1/budgets/{id}/statement.pdf through app.request, the body read chunk by chunk as a client
 * would. Time against pdfkit alone writing the same 10,000 lines (already in memory, at
 * fixed places, nothing measured or cut, 60 to a page): what the statement adds to the library.
 * Memory in runs of its own, as the live heap's high-water mark above where it stood before
 * (sampled after chunks read, collecting garbage first), 10,000 lines against 1,000 with the
 * latter floored at 1 MiB (below that the figures are noise): a statement that streams needs
 * about the same memory however long it is. The log also gives reading the same postings as JSON.
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
import PDFDocument from 'pdfkit';
import { sequentialIds } from '../../src/core/ids.js';
import { issueToken } from '../../src/core/tokens.js';
import { createApp } from '../../src/http/app.js';
import { silentLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';
import { pdfShape } from '../support/pdf-lines.js';
import {
  BENCH_ALLIANCE,
  BENCH_NOW,
  coordinatorToken,
  dayOf,
  populateSpreadLedger,
  describePopulate,
  dirBytes,
  formatBytes,
  formatInt,
  formatMs,
  log,
  makeTempDir,
  median,
  nowMs,
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

export async function runStatements(
  options: StatementsBenchOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  const statement = await budgetStatement(options);
  const trial = await trialBalanceAgainstHledger(options);
  return {
    figures: [...statement.figures, ...trial.figures],
    populate: [...statement.populate, ...trial.populate],
  };
}

type App = ReturnType<typeof createApp>;

/** GETs a path and reads the body chunk by chunk, as a client would; samples memory as it goes. */
async function download(
  app: App,
  path: string,
  secret: string,
  onChunk: (chunk: Uint8Array) => void = () => undefined,
) {
  const t0 = nowMs();
  const res = await app.request(path, { headers: { authorization: `Bearer ${secret}` } });
  if (res.status !== 200 || !res.body)
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
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

/**
 * The live heap's high-water mark while `run` runs, above where it stood before, and the process's
 * peak RSS. `run` calls `sample` as it goes (after every chunk read); every `gcEvery`-th sample
 * collects garbage and then reads the heap, so the mark is memory still in use, not garbage the
 * collector has not reached yet. The collections slow the run: time is measured in runs of its own.
 */
async function peakMemory<T>(
  run: (sample: () => void) => Promise<T>,
  gcEvery = 50,
): Promise<{ result: T; heapGrowth: number; rss: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let heap = base;
  let rss = 0;
  let samples = 0;
  const live = () => {
    gc();
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  };
  const sample = () => {
    rss = Math.max(rss, process.memoryUsage.rss());
    if (++samples % gcEvery === 0) live();
  };
  const timer = setInterval(sample, 5);
  try {
    const result = await run(sample);
    live();
    return { result, heapGrowth: heap - base, rss };
  } finally {
    clearInterval(timer);
  }
}

async function budgetStatement(
  options: StatementsBenchOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  log(`\n== 4a. Budget statement (PDF) with ${formatInt(options.lines)} lines`);
  const dir = makeTempDir('statement');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const app = createApp({
      store,
      hasher: sha256Hex,
      ids,
      clock: () => BENCH_NOW,
      log: silentLogger,
    });
    const { secret } = await coordinatorToken(store, ids);
    // A treatment stream, a holder and two budgets for the financial year 2025/26, made through
    // the API; then allocations in and spends out (one in seven an allocation), through the year,
    // each a request with its idempotency key, with descriptions long enough to be cut to the column.
    let keys = 0;
    const call = async <T>(
      token: string,
      path: string,
      json: unknown,
      method = 'POST',
    ): Promise<T> => {
      const res = await app.request(`/v1/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': `bench-${++keys}`,
        },
        body: JSON.stringify(json),
      });
      if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const t0 = nowMs();
    const stream = await call<{ id: string }>(secret, 'streams', {
      name: 'Treatment',
      extraCategories: ['travel'],
      approvalLimit: '1000.00',
      topSlicePercent: '0',
      periodEndRule: 'return',
    });
    await call(secret, `streams/${stream.id}/funding`, {
      amount: '10000000.00',
      receivedOn: '2025-04-01',
      funder: 'Council',
    });
    const holder = await call<{ id: string }>(secret, 'people', { kind: 'holder' });
    const issued = issueToken({ hasher: sha256Hex, ids }, BENCH_NOW, {
      role: 'holder',
      allianceId: BENCH_ALLIANCE,
      holderId: holder.id,
      name: 'bench holder',
    });
    await store.commit(() => [issued.write]);
    const open = () =>
      call<{ id: string }>(secret, 'budgets', {
        holderId: holder.id,
        streamId: stream.id,
        periodStart: '2025-04-01',
        periodEnd: '2026-03-31',
        controlMode: 'self',
      });
    const big = (await open()).id;
    const small = (await open()).id;
    for (const [budget, count] of [
      [big, options.lines],
      [small, options.smallLines],
    ] as const) {
      for (let n = 0; n < count; n++) {
        const date = dayOf(2025, 90 + Math.floor((n * 365) / count));
        const pence = 500 + (n % 4999);
        const amount = `${Math.floor((n % 7 === 0 ? 7 * pence : pence) / 100)}.${String((n % 7 === 0 ? 7 * pence : pence) % 100).padStart(2, '0')}`;
        if (n % 7 === 0)
          await call(secret, `budgets/${budget}/allocations`, { amount, allocatedOn: date });
        else
          await call(issued.secret, `budgets/${budget}/spends`, {
            provider: 'Leisure Centre',
            category: n % 2 ? 'travel' : 'purposeful-activity',
            amount,
            spentOn: date,
            description: `Spend ${n}: weekly gym membership at the leisure centre, paid to the provider`,
          });
      }
    }
    const populate: PopulateTime = {
      what: `statement file: budgets of ${formatInt(options.lines)} + ${formatInt(options.smallLines)} allocations and spends`,
      ms: nowMs() - t0,
      detail: 'through the API, one request each',
    };
    log(`   populated ${populate.what} in ${formatMs(populate.ms)}: ${populate.detail}`);

    const period = 'from=2025-04-01&to=2026-03-31';
    const pdf = (budget: string) => `/v1/budgets/${budget}/statement.pdf?${period}`;
    const account = (budget: string) => `budget:${budget}`;
    // The baseline reads the same rows through the JSON API, a keyset page at a time.
    const json = async (budget: string) => {
      const t0 = nowMs();
      let cursor: string | null = null;
      let rows = 0;
      do {
        const res = await app.request(
          `/v1/accounts/${account(budget)}/postings?${period}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          { headers: { authorization: `Bearer ${secret}` } },
        );
        const body = (await res.json()) as { items: unknown[]; nextCursor: string | null };
        rows += body.items.length;
        cursor = body.nextCursor;
      } while (cursor);
      if (rows !== options.lines)
        throw new Error(`read ${rows} postings, expected ${options.lines}`);
      return nowMs() - t0;
    };

    // Correctness, untimed: a whole PDF, with about one page per 60 lines.
    const chunks: Uint8Array[] = [];
    const first = await download(app, pdf(big), secret, (chunk) => chunks.push(chunk));
    const shape = pdfShape(Buffer.concat(chunks));
    if (!shape.complete || shape.pages < options.lines / 70)
      throw new Error(`the statement is not a whole PDF of its lines: ${JSON.stringify(shape)}`);
    log(
      `   ${formatInt(options.lines)}-line statement: ${formatBytes(first.bytes)} PDF, ${shape.pages} pages`,
    );

    const lines = await postingLines(app, account(big), period, secret);
    const pdfMs: number[] = [];
    const pdfkitMs: number[] = [];
    const jsonMs: number[] = [];
    await json(big);
    await pdfkitAlone(lines);
    for (let i = 0; i < options.repetitions; i++) {
      pdfMs.push((await download(app, pdf(big), secret)).ms);
      pdfkitMs.push(await pdfkitAlone(lines));
      jsonMs.push(await json(big));
    }
    const memory = async (code: string) => {
      let peak = 0;
      let rss = 0;
      for (let i = 0; i < 2; i++) {
        const measured = await peakMemory((sample) => download(app, pdf(code), secret, sample));
        peak = Math.max(peak, measured.heapGrowth);
        rss = Math.max(rss, measured.rss);
      }
      return { peak, rss };
    };
    const { peak: peakBig, rss: rssBig } = await memory(big);
    const { peak: peakSmall } = await memory(small);
    const list = (xs: number[]) => xs.map((x) => formatMs(x)).join(', ');
    log(
      `   PDF: median ${formatMs(median(pdfMs))} [${list(pdfMs)}] (${formatInt(options.lines / (median(pdfMs) / 1000))} lines/s); pdfkit alone, same lines: median ${formatMs(median(pdfkitMs))}; JSON pages of the same postings: median ${formatMs(median(jsonMs))}`,
    );
    log(
      `   memory: live heap high-water mark above the start ${formatBytes(peakBig)} for ${formatInt(options.lines)} lines, ${formatBytes(peakSmall)} for ${formatInt(options.smallLines)}; process RSS peak ${formatBytes(rssBig)}`,
    );
    return {
      populate: [populate],
      figures: [
        {
          id: '4a',
          name: `budget statement PDF, ${formatInt(options.lines)} lines (median)`,
          ours: formatMs(median(pdfMs)),
          baseline: `${formatMs(median(pdfkitMs))} pdfkit alone, same lines`,
          ratio: median(pdfMs) / median(pdfkitMs),
          goal: { op: '<=', value: 3 },
          required: false,
        },
        {
          id: '4b',
          name: `its peak live heap, ${formatInt(options.lines)} vs ${formatInt(options.smallLines)} lines`,
          ours: `${formatBytes(peakBig)} (RSS peak ${formatBytes(rssBig)})`,
          baseline: `${formatBytes(peakSmall)} for ${formatInt(options.smallLines)} lines (floor 1 MiB)`,
          ratio: peakBig / Math.max(peakSmall, 1 << 20),
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

async function trialBalanceAgainstHledger(
  options: StatementsBenchOptions,
): Promise<{ figures: Figure[]; populate: PopulateTime[] }> {
  const postings = 2 * options.entries;
  log(
    `\n== 4c. Trial balance statement over ${formatInt(postings)} postings against hledger balance`,
  );
  const dir = makeTempDir('hledger');
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  try {
    const ids = sequentialIds();
    const app = createApp({
      store,
      hasher: sha256Hex,
      ids,
      clock: () => BENCH_NOW,
      log: silentLogger,
    });
    const { secret, tokenId } = await coordinatorToken(store, ids);
    const result = await populateSpreadLedger(store, sqlite, ids, tokenId, options);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const populate: PopulateTime = {
      what: `hledger file: ${formatInt(options.entries)} entries (${formatInt(postings)} postings)`,
      ms: result.ms,
      detail: `${describePopulate(result, options.perCommit)}; file ${formatBytes(dirBytes(dir))}`,
    };
    log(`   populated ${populate.what} in ${formatMs(result.ms)}: ${populate.detail}`);

    // The journal, streamed to a file; then once more, read and dropped, to see its memory.
    const journal = join(dir, 'kindling.journal');
    const file = createWriteStream(journal);
    const exported = await download(app, '/v1/ledger/journal.hledger', secret, (chunk) =>
      file.write(chunk),
    );
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const exportMemory = await peakMemory(
      (sample) => download(app, '/v1/ledger/journal.hledger', secret, sample),
      500,
    );
    log(
      `   GET /v1/ledger/journal.hledger: ${formatBytes(exported.bytes)} in ${formatMs(exported.ms)}; live heap high-water mark ${formatBytes(exportMemory.heapGrowth)} above the start`,
    );

    const asOf = '2026-01-01';
    const statementPath = `/v1/ledger/trial-balance.pdf?asOf=${asOf}`;
    const oursMs: number[] = [];
    await download(app, statementPath, secret);
    for (let i = 0; i < 5; i++) oursMs.push((await download(app, statementPath, secret)).ms);
    const jsonMs: number[] = [];
    for (let i = 0; i < 5; i++)
      jsonMs.push((await download(app, `/v1/ledger/trial-balance?asOf=${asOf}`, secret)).ms);
    log(
      `   ours: GET ${statementPath} median ${formatMs(median(oursMs))} [${oursMs.map((x) => formatMs(x)).join(', ')}]; the JSON trial balance median ${formatMs(median(jsonMs))}`,
    );

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
    const tb = (await (
      await app.request(`/v1/ledger/trial-balance?asOf=${asOf}`, {
        headers: { authorization: `Bearer ${secret}` },
      })
    ).json()) as { accounts: { code: string; debit: string; credit: string }[] };
    const ours = new Map(
      tb.accounts.map((a) => [a.code, a.debit !== '0.00' ? a.debit : `-${a.credit}`]),
    );
    const theirs = new Map(
      output
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.replaceAll('"', '').split(','))
        .filter(([account]) => account !== 'total')
        .map(([account, amount]) => [account!, amount!.replace(' GBP', '')]),
    );
    if (
      ours.size !== theirs.size ||
      [...ours].some(([code, amount]) => theirs.get(code) !== amount)
    )
      throw new Error(
        `hledger's balances differ from ours (${theirs.size} vs ${ours.size} accounts)`,
      );
    log(
      `   hledger balance: ${hledgerMs.map((x) => formatMs(x)).join(', ')}; its ${theirs.size} balances equal ours`,
    );
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

type Line = { date: string; entry: string; description: string; amount: string; balance: string };

/** The statement's lines as the JSON API gives them, with a running balance: the baseline's input. */
async function postingLines(
  app: App,
  code: string,
  period: string,
  secret: string,
): Promise<Line[]> {
  const lines: Line[] = [];
  let cursor: string | null = null;
  let balance = 0;
  do {
    const res = await app.request(
      `/v1/accounts/${code}/postings?${period}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: { authorization: `Bearer ${secret}` } },
    );
    const body = (await res.json()) as {
      items: { effectiveDate: string; entryId: string; description: string; amount: string }[];
      nextCursor: string | null;
    };
    for (const p of body.items) {
      balance += Math.round(Number(p.amount) * 100);
      lines.push({
        date: p.effectiveDate,
        entry: p.entryId.slice(-6),
        description: p.description,
        amount: p.amount,
        balance: (balance / 100).toFixed(2),
      });
    }
    cursor = body.nextCursor;
  } while (cursor);
  return lines;
}

/** pdfkit by itself: the same lines at fixed places, nothing measured or cut, 60 to a page. */
async function pdfkitAlone(lines: Line[]): Promise<number> {
  const t0 = nowMs();
  const doc = new PDFDocument({
    size: [595.28, 841.89],
    margins: { top: 0, right: 0, bottom: 0, left: 0 },
    autoFirstPage: false,
  });
  let bytes = 0;
  const ended = new Promise<void>((resolve) => doc.on('end', resolve));
  doc.on('data', (chunk) => (bytes += chunk.length));
  lines.forEach((line, i) => {
    if (i % 60 === 0) doc.addPage().font('Helvetica').fontSize(8);
    const y = 100 + (i % 60) * 11.5;
    doc.text(line.date, 40, y, { lineBreak: false });
    doc.text(line.entry, 100, y, { lineBreak: false });
    doc.text(line.description.slice(0, 40), 140, y, { lineBreak: false });
    doc.text(line.amount, 380, y, { lineBreak: false });
    doc.text(line.balance, 480, y, { lineBreak: false });
  });
  doc.end();
  await ended;
  if (bytes === 0) throw new Error('pdfkit wrote nothing');
  return nowMs() - t0;
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
