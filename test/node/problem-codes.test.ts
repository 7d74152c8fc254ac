import { makeHarness } from '../contract/harness.js';
import { problemCodesContract } from '../contract/problem-codes.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

problemCodesContract(() => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
