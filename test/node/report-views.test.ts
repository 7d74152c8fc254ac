import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { reportViewsContract } from '../contract/report-views.contract.js';

reportViewsContract(() =>
  makeHarness('node', openSqlite({ path: ':memory:' }).store, () => {
    throw new Error('not used');
  }),
);
