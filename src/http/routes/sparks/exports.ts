import { createRoute, z } from '@hono/zod-openapi';
import { conflict } from '../../../core/errors.js';
import { grantsForPublishing } from '../../../core/sparks/grants-data.js';
import { grants360GivingChunks, grantsCsvChunks } from '../../../core/sparks/publish-stream.js';
import { createRouter } from '../../router.js';
import { IsoDate } from '../../schemas.js';
import { Grants360 } from '../../schemas-reports.js';
import { ok } from '../../schemas-views.js';
import { streamText } from '../../stream.js';
import { ctx, errors, security, type Handlers } from '../kit.js';
import { AllianceParam, tags, type Deps } from './shared.js';

const Period = z.object({ from: IsoDate.optional(), to: IsoDate.optional() });

/** A download's file name: the alliance, what it is, and the period it covers (ids are [a-z0-9-]). */
function downloadName(
  allianceId: string,
  what: string,
  period: { from?: string | undefined; to?: string | undefined },
): string {
  const span = [period.from ? `from-${period.from}` : '', period.to ? `to-${period.to}` : '']
    .filter(Boolean)
    .join('-');
  return [allianceId, what, span].filter(Boolean).join('-');
}

const routes = {
  grants360: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/grants.360giving.json',
    tags,
    summary: 'Awards as a 360Giving data package (anonymous recipients)',
    security,
    request: { params: AllianceParam, query: Period },
    responses: { ...ok(Grants360, 'A 360Giving data package'), ...errors },
  }),
  grantsCsv: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/grants.csv',
    tags,
    summary: 'The grant register as CSV (no names)',
    security,
    request: { params: AllianceParam, query: Period },
    responses: {
      200: {
        description: 'CSV, one line per award',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errors,
    },
  }),
};

const handlers: Handlers<typeof routes, Deps> = {
  grants360: (deps) => async (c) => {
    const q = c.req.valid('query');
    const source = await grantsForPublishing(deps, ctx(c, deps), c.req.valid('param').alliance, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    if (source.empty)
      throw conflict(
        'nothing_to_publish',
        'No awards to publish',
        'There are no awards in this period; a 360Giving package needs at least one grant.',
      );
    // Streamed a page of awards at a time; the bytes are those of c.json(grants360Giving(...)).
    return streamText(grants360GivingChunks(source), {
      'content-type': 'application/json',
      'content-disposition': `attachment; filename="${downloadName(source.head.alliance.id, 'grants-360giving', q)}.json"`,
    }) as never;
  },
  grantsCsv: (deps) => async (c) => {
    const q = c.req.valid('query');
    const source = await grantsForPublishing(deps, ctx(c, deps), c.req.valid('param').alliance, {
      from: q.from ?? null,
      to: q.to ?? null,
    });
    return streamText(grantsCsvChunks(source), {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${downloadName(source.head.alliance.id, 'grant-register', q)}.csv"`,
    }) as never;
  },
};

/** Publishing: awards as a 360Giving package and the grant register as CSV. */
export function exportRoutes(deps: Deps) {
  return createRouter()
    .openapi(routes.grants360, handlers.grants360(deps))
    .openapi(routes.grantsCsv, handlers.grantsCsv(deps));
}
