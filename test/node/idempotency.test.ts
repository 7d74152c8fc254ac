import { makeHarness } from '../contract/harness.js';
import { idempotencyContract } from '../contract/idempotency.contract.js';
import { openSqlite } from '../../src/store/node-store.js';

idempotencyContract(() => {
  const { store } = openSqlite({ path: ':memory:' });
  return makeHarness('node', store, () => store);
});
