import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { pagingRestContract } from '../contract/paging-rest.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
pagingRestContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
