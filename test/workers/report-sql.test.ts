import { env } from 'cloudflare:test';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';
import { makeHarness } from '../contract/harness.js';
import { reportSqlContract } from '../contract/report-sql.contract.js';

const db = env.DB as D1Like;

reportSqlContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
