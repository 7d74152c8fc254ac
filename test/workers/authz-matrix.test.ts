import { env } from 'cloudflare:test';
import { authzMatrixContract } from '../contract/authz-matrix.contract.js';
import { makeHarness } from '../contract/harness.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
const make = () => makeHarness('workers', d1Store(db), () => createD1Store(db));
authzMatrixContract(async () => [await make(), await make()]);
