import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { openApiTypedContract } from '../contract/openapi-typed.contract.js';
import { openApiPagedContract } from '../contract/openapi-paged.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
openApiTypedContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
openApiPagedContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
