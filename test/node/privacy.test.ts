import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { makeHarness } from '../contract/harness.js';
import { auditorViewContract } from '../contract/auditor-view.contract.js';
import { accessLogContract } from '../contract/access-log.contract.js';
import { erasureContract } from '../contract/erasure.contract.js';
import { privacyContract } from '../contract/privacy.contract.js';
import { subjectAccessContract } from '../contract/subject-access.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-privacy-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

privacyContract(() => {
  const path = join(dir, `privacy-${++n}.sqlite`);
  return makeHarness(
    'node',
    openSqlite({ path }).store,
    () => openSqlite({ path, migrate: false }).store,
  );
});

auditorViewContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `auditor-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);

erasureContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `erase-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);

accessLogContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `log-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);

subjectAccessContract(() =>
  makeHarness('node', openSqlite({ path: join(dir, `sar-${++n}.sqlite`) }).store, () => {
    throw new Error('not used');
  }),
);
