import { env } from 'cloudflare:test';
import { datesContract } from '../contract/dates.contract.js';
import { makeHarness } from '../contract/harness.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

// The date rules inside workerd against D1; each harness works in an alliance of its own.
const db = env.DB as D1Like;
datesContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
