import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { verifyContract } from '../contract/verify.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

// Inside workerd against D1. Every test here shares one database and so one chain: the tamper
// helper puts each guard and each altered value back before the test ends.
const db = env.DB as D1Like;
verifyContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
