import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { statementsContract } from '../contract/statements.contract.js';
import { runHledger } from '../support/hledger.js';
import { pdfjsLines } from '../support/pdfjs-lines.js';

// The statements contract on Node (better-sqlite3), reading the PDFs back with pdf.js and the
// journal with hledger where it is installed. test/workers/ledger.test.ts runs it inside workerd.
const dir = mkdtempSync(join(tmpdir(), 'kindling-statements-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

statementsContract(
  () =>
    makeHarness('node', openSqlite({ path: join(dir, `statements-${++n}.sqlite`) }).store, () => {
      throw new Error('not used');
    }),
  { readPdf: pdfjsLines, hledger: runHledger },
);
