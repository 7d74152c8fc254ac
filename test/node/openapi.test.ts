import { makeHarness } from '../contract/harness.js';
import { openApiTypedContract } from '../contract/openapi-typed.contract.js';
import { openApiPagedContract } from '../contract/openapi-paged.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

openApiTypedContract(() => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});

openApiPagedContract(() => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
