import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { pagingContract } from '../contract/paging.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
pagingContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
