import type { SparksDeps } from '../../../core/sparks/common.js';
import { createRouter, type AppDeps } from '../../router.js';
import { allianceRoutes } from './alliances.js';
import { applicantRoutes } from './applicants.js';
import { applicationRoutes } from './applications.js';
import { awardRoutes } from './awards.js';
import { exportRoutes } from './exports.js';
import { followUpRoutes } from './follow-ups.js';
import { fundRoutes } from './fund.js';
import { panelRoutes } from './panel.js';
import { reportRoutes } from './reports.js';
import { sittingRoutes } from './sittings.js';

/** Small Sparks: alliances, money in, applicants, applications, sittings, decisions, awards, follow-ups. */
export function sparksRoutes(appDeps: AppDeps, sparks: SparksDeps['sparks']) {
  const deps = { ...appDeps, sparks };
  // Mounted in this order so /openapi.json lists the operations as it always has.
  return createRouter()
    .route('/', allianceRoutes(deps))
    .route('/', fundRoutes(deps))
    .route('/', panelRoutes(deps))
    .route('/', applicantRoutes(deps))
    .route('/', applicationRoutes(deps))
    .route('/', sittingRoutes(deps))
    .route('/', awardRoutes(deps))
    .route('/', followUpRoutes(deps))
    .route('/', reportRoutes(deps))
    .route('/', exportRoutes(deps));
}
