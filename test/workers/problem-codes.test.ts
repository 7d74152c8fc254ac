import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { problemCodesContract } from '../contract/problem-codes.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
problemCodesContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
