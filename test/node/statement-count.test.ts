import { makeHarness } from '../contract/harness.js';
import { statementCountContract } from '../contract/statement-count.contract.js';
import { countSqlite } from '../support/count-statements.js';
import { openSqlite } from '../../src/store/node-store.js';

statementCountContract(async () => {
  const { store, sqlite } = openSqlite({ path: ':memory:' });
  const counter = countSqlite(sqlite);
  return { h: await makeHarness('node', store, () => store), counter };
});
