import type { BudgetsStore } from '../../../core/budgets/store.js';
import { createRouter, type AppDeps } from '../../router.js';
import { budgetChangeRoutes } from './budget-changes.js';
import { budgetListRoutes } from './budgets.js';
import { peopleRoutes } from './people.js';
import { poolRoutes } from './pools.js';
import { spendRoutes } from './spends.js';
import { streamRoutes } from './streams.js';

/** Individual budgets and pools. */
export function budgetRoutes(appDeps: AppDeps, budgets: BudgetsStore) {
  const deps = { ...appDeps, budgets };
  // Mounted in this order so /openapi.json lists the operations as it always has.
  return createRouter()
    .route('/', peopleRoutes(deps))
    .route('/', streamRoutes(deps))
    .route('/', budgetListRoutes(deps))
    .route('/', budgetChangeRoutes(deps))
    .route('/', spendRoutes(deps))
    .route('/', poolRoutes(deps));
}
