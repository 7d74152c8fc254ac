import { makeHarness } from '../contract/harness.js';
import { pagingRestContract } from '../contract/paging-rest.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

pagingRestContract(async () => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
