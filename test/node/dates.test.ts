import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { datesContract } from '../contract/dates.contract.js';
import { makeHarness } from '../contract/harness.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-dates-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

datesContract(() => {
  const path = join(dir, `dates-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});
