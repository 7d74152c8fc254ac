import { env } from 'cloudflare:test';
import { makeHarness } from '../contract/harness.js';
import { batchContract } from '../contract/batch.contract.js';
import { ledgerContract } from '../contract/ledger.contract.js';
import { ledgerProperties } from '../contract/ledger.property.js';
import { sparksContract } from '../contract/sparks.contract.js';
import { panelAndFollowUpContract } from '../contract/panel-follow-up.contract.js';
import { workingListContract } from '../contract/working-list.contract.js';
import { statementsContract } from '../contract/statements.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

// The same contract inside workerd against D1. Rows persist within this file, so each harness
// works in an alliance of its own; the twin writer is a second store over the same binding, as a
// second isolate would have.
const db = env.DB as D1Like;
ledgerContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

ledgerProperties(() => makeHarness('workers', d1Store(db), () => createD1Store(db)), {
  numRuns: 12,
  maxOps: 20,
});

sparksContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

statementsContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

batchContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

panelAndFollowUpContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
workingListContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
