import { env } from 'cloudflare:test';
import { dbRulesContract } from '../contract/db-rules.contract.js';
import { makeHarness } from '../contract/harness.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

// Every database rule provoked inside workerd against D1, straight through the store.
const db = env.DB as D1Like;
dbRulesContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
