import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { verifyContract } from '../contract/verify.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-verify-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

verifyContract(() => {
  const path = join(dir, `verify-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});
