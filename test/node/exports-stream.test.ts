import { openSqlite } from '../../src/store/node-store.js';
import { exportsStreamContract } from '../contract/exports-stream.contract.js';
import { makeHarness } from '../contract/harness.js';

exportsStreamContract(async () => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
