import { makeHarness } from '../contract/harness.js';
import { pagingContract } from '../contract/paging.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

pagingContract(async () => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
