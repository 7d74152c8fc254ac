import { ledgerContract } from '../contract/ledger.contract.js';
import { makeHarness } from '../contract/harness.js';
import { openSqlite } from '../../src/store/node-store.js';

// A fresh in-memory database per test: better-sqlite3 with the same migrations as production.
ledgerContract(() => makeHarness('node', openSqlite({ path: ':memory:' }).store));
