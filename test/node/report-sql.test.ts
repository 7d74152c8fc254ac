import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';
import { reportSqlContract } from '../contract/report-sql.contract.js';

reportSqlContract(() =>
  makeHarness('node', openSqlite({ path: ':memory:' }).store, () => {
    throw new Error('not used');
  }),
);
