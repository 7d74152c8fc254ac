import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { batchContract } from '../contract/batch.contract.js';
import { ledgerContract } from '../contract/ledger.contract.js';
import { ledgerProperties } from '../contract/ledger.property.js';
import { sparksContract } from '../contract/sparks.contract.js';
import { panelAndFollowUpContract } from '../contract/panel-follow-up.contract.js';
import { workingListContract } from '../contract/working-list.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

// A fresh database file per test, with the production pragmas (WAL, synchronous=FULL) and
// migrations; the twin writer opens a second connection to the same file.
const dir = mkdtempSync(join(tmpdir(), 'kindling-test-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

ledgerContract(() => {
  const path = join(dir, `ledger-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

ledgerProperties(
  () =>
    makeHarness('node', openSqlite({ path: join(dir, `prop-${++n}.sqlite`) }).store, () => {
      throw new Error('not used');
    }),
  { numRuns: 40, maxOps: 25 },
);

sparksContract(() => {
  const path = join(dir, `sparks-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

batchContract(() => {
  const path = join(dir, `batch-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

panelAndFollowUpContract(() => {
  const path = join(dir, `panel-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

workingListContract(() => {
  const path = join(dir, `working-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});
