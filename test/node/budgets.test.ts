import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { budgetsContract } from '../contract/budgets.contract.js';
import { budgetProperties } from '../contract/budgets.property.js';
import { budgetStatementsContract } from '../contract/budget-statements.contract.js';
import { makeHarness } from '../contract/harness.js';
import { pagesContract } from '../contract/pages.contract.js';
import { reserveContract } from '../contract/reserve.contract.js';
import { reportContract } from '../contract/report.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-budgets-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

budgetsContract(() => {
  const path = join(dir, `budgets-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

reserveContract(() => {
  const path = join(dir, `reserve-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

reportContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `rp-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);

budgetProperties(
  () =>
    makeHarness('node', openSqlite({ path: join(dir, `prop-${++n}.sqlite`) }).store, () => {
      throw new Error('not used');
    }),
  { numRuns: 25, maxOps: 25 },
);

budgetStatementsContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `st-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);
pagesContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `pg-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);
