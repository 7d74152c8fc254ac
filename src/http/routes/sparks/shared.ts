import { z } from '@hono/zod-openapi';
import type { SparksDeps } from '../../../core/sparks/common.js';
import type { AppDeps } from '../../router.js';
import { Id } from '../kit.js';

/** What a Small Sparks handler is given: the app's deps and the Small Sparks store. */
export type Deps = AppDeps & SparksDeps;

export const tags = ['Small Sparks'];
export const AllianceParam = z.object({ alliance: Id('alliance', 'crawley') });
export { Domain } from '../../../core/sparks/input.js';
export const AwardParam = AllianceParam.extend({ award: Id('award', 'awd_01m84j') });
