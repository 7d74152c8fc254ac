import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { pagesRoutes } from './pages/routes.js';
import { requestId } from 'hono/request-id';
import { notFound as notFoundError } from '../core/errors.js';
import { bearerAuth } from './auth.js';
import { consoleJsonLogger, requestLog } from './log.js';
import { strictBodies } from './strict-body.js';
import { strictTransport } from './pages/guard.js';
import { renderDocsPage } from './docs.js';
import { problemResponse } from './problem.js';
import { withDefaultProblem } from './openapi-document.js';
import { createRouter, type AppDeps, type AppEnv } from './router.js';
import { personalRead } from '../core/access-log.js';
import { accessLogRoutes } from './routes/access-log.js';
import { subjectAccessRoutes } from './routes/subject-access.js';
import { ledgerRoutes } from './routes/ledger.js';
import { verifyRoutes } from './routes/verify.js';
import { closingsRoutes } from './routes/closings.js';
import { sparksRoutes } from './routes/sparks/index.js';
import { budgetRoutes } from './routes/budgets/index.js';
import { statementsRoutes } from './routes/statements.js';
import { signInCodeRoutes } from './routes/sign-in-codes.js';
import { reminderRoutes } from './routes/reminders.js';
import { reportRoutes } from './routes/reports.js';

export type { AppDeps } from './router.js';

export const API_INFO = {
  title: 'Kindling API',
  version: '0.1.0',
  description:
    'Small Sparks grants and individual budgets for recovery alliances, on a double-entry ledger. ' +
    'Money is a decimal string of pounds ("120.00"), debit positive. Every POST accepts an Idempotency-Key header (required where money moves) and replays its first answer for the same key and body. ' +
    'Errors are application/problem+json.',
};

/** The one app both runtimes serve; `deps` carries the store, the clock, ids and the hasher. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use('*', requestId({ generator: () => deps.ids('req') }));
  app.use(
    '*',
    requestLog(deps.log ?? consoleJsonLogger, deps.elapsed ?? (() => performance.now())),
  );
  app.use(
    '*',
    limitBody((path) => (path === '/v1/entries/batch' ? BATCH_BODY_BYTES : BODY_BYTES)),
  );
  app.use('*', strictBodies());
  app.use('*', strictTransport(deps));
  app.onError((error, c) => problemResponse(c, error));
  app.notFound((c) =>
    problemResponse(
      c,
      notFoundError('route_not_found', `No route ${c.req.method} ${c.req.path}. See /docs.`),
    ),
  );

  // Liveness: the process answers. Cheap on purpose; it touches no storage.
  app.get('/health', (c) => c.json({ status: 'ok' }));
  // Readiness: a real write succeeds and the schema is current. Says what, never the driver's words.
  app.get('/health/ready', async (c) => {
    const r = await deps.store.readiness(deps.clock().toISOString());
    if (r.writeError)
      (deps.log ?? consoleJsonLogger).error(
        { event: 'not_ready', requestId: c.get('requestId'), cause: r.writeError },
        'readiness write failed',
      );
    const { writeError: _hidden, ...report } = r;
    return c.json({ status: r.ready ? 'ready' : 'not_ready', ...report }, r.ready ? 200 : 503, {
      'cache-control': 'no-store',
    });
  });

  app.use('/v1/*', privateResponses());
  app.use('/v1/*', bearerAuth(deps));
  app.use('*', recordPersonalReads(deps));
  app.route('/v1', ledgerRoutes(deps));
  app.route('/v1', verifyRoutes(deps));
  app.route('/v1', closingsRoutes(deps));
  app.route('/v1', sparksRoutes(deps, deps.store.sparks));
  app.route('/v1', budgetRoutes(deps, deps.store.budgets));
  app.route('/v1', statementsRoutes(deps));
  app.route('/v1', signInCodeRoutes(deps));
  app.route('/v1', accessLogRoutes(deps));
  app.route('/v1', reminderRoutes(deps, deps.store.reminders));
  app.route('/v1', reportRoutes(deps));
  app.route('/v1', subjectAccessRoutes(deps));
  app.route('/', pagesRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `npm run admin -- create-token`.',
  });
  const document = () =>
    withDefaultProblem(
      app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO, servers: [{ url: '/' }] }),
    );
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document() as unknown as Record<string, unknown>)));

  return app;
}

/**
 * Writes who read personal data (src/core/access-log.ts says which reads) to the append-only
 * access log, once the read has succeeded and before the answer leaves.
 */
function recordPersonalReads(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'GET' || c.res.status !== 200) return;
    const read = personalRead(c.req.path);
    if (!read) return;
    const actor = c.get('actor');
    if (!actor) return; // a page answered without signing in reads nothing personal
    await deps.store.commit(() => [
      {
        kind: 'access',
        record: {
          allianceId: actor.allianceId,
          at: deps.clock().toISOString(),
          tokenId: actor.tokenId,
          role: actor.role,
          method: c.req.method,
          route: c.req.path,
          what: read.what,
          subjectId: read.subjectId,
          requestId: c.get('requestId'),
        },
      },
    ]);
  };
}

/**
 * Every /v1 answer may carry personal data (names, contacts, what a grant was for, a register
 * as CSV), so no cache may keep it and no browser may guess its type. Set after the handler or
 * the error mapper has made the response, so refusals carry it too.
 */
function privateResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'private, no-store');
    c.res.headers.set('x-content-type-options', 'nosniff');
  };
}

/**
 * Refuses bodies over `maxSize` bytes. A request that declares its length is judged by its
 * Content-Length header alone, without touching the body, so the Node adapter can still read the
 * body straight from the socket (hono's bodyLimit asks for `req.raw.body` first, which makes
 * @hono/node-server build a full web Request and stream for every request); a chunked body is
 * counted as it arrives by hono's bodyLimit.
 */
const BODY_BYTES = 256 * 1024;
/** A batch of 1,000 entries with long descriptions and many postings needs more room. */
const BATCH_BODY_BYTES = 8 * 1024 * 1024;

function limitBody(maxFor: (path: string) => number): MiddlewareHandler {
  const counters = new Map<number, MiddlewareHandler>();
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const maxSize = maxFor(c.req.path);
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return /^\d+$/.test(length) && Number(length) <= maxSize ? next() : tooLarge(c, maxSize);
    }
    let counted = counters.get(maxSize);
    if (!counted) {
      counted = bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize) });
      counters.set(maxSize, counted);
    }
    return counted(c, next);
  };
}

function tooLarge(c: Parameters<typeof problemResponse>[0], maxSize: number): Response {
  const requestIdValue = (c.get('requestId') as string | undefined) ?? 'unknown';
  return new Response(
    JSON.stringify({
      type: 'urn:kindling:problem:payload_too_large',
      title: 'The body is too large',
      status: 413,
      detail: `Request bodies here are limited to ${maxSize / 1024} KiB. Nothing was written.`,
      code: 'payload_too_large',
      requestId: requestIdValue,
    }),
    { status: 413, headers: { 'content-type': 'application/problem+json' } },
  );
}
