import { env } from 'cloudflare:test';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';
import { makeHarness } from '../contract/harness.js';
import { reportViewsContract } from '../contract/report-views.contract.js';

const db = env.DB as D1Like;

reportViewsContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
