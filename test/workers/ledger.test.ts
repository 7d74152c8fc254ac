import { env } from 'cloudflare:test';
import { ledgerContract } from '../contract/ledger.contract.js';
import { makeHarness } from '../contract/harness.js';
import { d1Store, type D1Like } from '../../src/store/d1-store.js';

// The same contract inside workerd against D1. Rows persist within this file, so each harness
// works in an alliance of its own.
ledgerContract(() => makeHarness('workers', d1Store(env.DB as D1Like)));
