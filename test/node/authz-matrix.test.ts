import { authzMatrixContract } from '../contract/authz-matrix.contract.js';
import { makeHarness } from '../contract/harness.js';
import { openSqlite } from '../../src/store/node-store.js';

// Two alliances on one database: the second is "another alliance" for the first's tokens.
authzMatrixContract(async () => {
  const { store } = openSqlite({ path: ':memory:' });
  return [
    await makeHarness('node', store, () => store),
    await makeHarness('node', store, () => store),
  ];
});
