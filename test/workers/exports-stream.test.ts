import { env } from 'cloudflare:test';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';
import { exportsStreamContract } from '../contract/exports-stream.contract.js';
import { makeHarness } from '../contract/harness.js';

const db = env.DB as D1Like;
exportsStreamContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
