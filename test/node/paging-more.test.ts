import { makeHarness } from '../contract/harness.js';
import { pagingMoreContract } from '../contract/paging-more.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

pagingMoreContract(async () => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
