import { z } from '@hono/zod-openapi';
import type { BudgetDeps } from '../../../core/budgets/common.js';
import type { AppDeps } from '../../router.js';
import { Id } from '../kit.js';

/** What an individual-budgets handler is given: the app's deps and the budgets store. */
export type Deps = AppDeps & BudgetDeps;

export const tags = ['Individual budgets'];
export { Category } from '../../../core/budgets/input.js';
export const BudgetParam = z.object({ budget: Id('budget', 'bud_01') });
