import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { statementCountContract } from '../contract/statement-count.contract.js';
import { countD1 } from '../support/count-statements.js';
import { createD1Store, type D1Like } from '../../src/store/d1-store.js';

statementCountContract(
  async () => {
    const { binding, counter } = countD1(env.DB as D1Like);
    const store = createD1Store(binding);
    return { h: await makeHarness('workers', store, () => store), counter };
    // Ten times the data here too; smaller than on Node only because local D1 is slower to fill.
  },
  { small: 10, large: 100 },
);
