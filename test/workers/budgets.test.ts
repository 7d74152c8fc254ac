import { env } from 'cloudflare:test';
import { budgetsContract } from '../contract/budgets.contract.js';
import { budgetProperties } from '../contract/budgets.property.js';
import { budgetStatementsContract } from '../contract/budget-statements.contract.js';
import { makeHarness } from '../contract/harness.js';
import { pagesContract } from '../contract/pages.contract.js';
import { reserveContract } from '../contract/reserve.contract.js';
import { reportContract } from '../contract/report.contract.js';
import { createD1Store, d1Store, type D1Like } from '../../src/store/d1-store.js';

const db = env.DB as D1Like;
budgetsContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

reserveContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

reportContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));

budgetProperties(() => makeHarness('workers', d1Store(db), () => createD1Store(db)), {
  numRuns: 6,
  maxOps: 15,
});

budgetStatementsContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
pagesContract(() => makeHarness('workers', d1Store(db), () => createD1Store(db)));
