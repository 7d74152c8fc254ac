import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { pagesRoutes } from './pages/routes.js';
import { requestId } from 'hono/request-id';
import { notFound as notFoundError } from '../core/errors.js';
import { bearerAuth } from './auth.js';
import { strictTransport } from './pages/guard.js';
import { renderDocsPage } from './docs.js';
import { problemResponse } from './problem.js';
import { createRouter, type AppDeps } from './router.js';
import { ledgerRoutes } from './routes/ledger.js';
import { sparksRoutes } from './routes/sparks.js';
import { budgetRoutes } from './routes/budgets.js';
import { statementsRoutes } from './routes/statements.js';
import { reminderRoutes } from './routes/reminders.js';
import { reportRoutes } from './routes/reports.js';

export type { AppDeps } from './router.js';

export const API_INFO = {
  title: 'Kindling API',
  version: '0.1.0',
  description:
    'Small Sparks grants and individual budgets for recovery alliances, on a double-entry ledger. ' +
    'Money is a decimal string of pounds ("120.00"), debit positive. Every request that moves money needs an Idempotency-Key header. ' +
    'Errors are application/problem+json.',
};

/** The one app both runtimes serve; `deps` carries the store, the clock, ids and the hasher. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use('*', requestId({ generator: () => deps.ids('req') }));
  app.use('*', limitBody(256 * 1024));
  app.use('*', strictTransport(deps));
  app.onError((error, c) => problemResponse(c, error));
  app.notFound((c) =>
    problemResponse(
      c,
      notFoundError('route_not_found', `No route ${c.req.method} ${c.req.path}. See /docs.`),
    ),
  );

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.use('/v1/*', privateResponses());
  app.use('/v1/*', bearerAuth(deps));
  app.route('/v1', ledgerRoutes(deps));
  app.route('/v1', sparksRoutes(deps, deps.store.sparks));
  app.route('/v1', budgetRoutes(deps, deps.store.budgets));
  app.route('/v1', statementsRoutes(deps));
  app.route('/v1', reminderRoutes(deps, deps.store.reminders));
  app.route('/v1', reportRoutes(deps));
  app.route('/', pagesRoutes(deps));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from `npm run admin -- create-token`.',
  });
  const document = () =>
    app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO, servers: [{ url: '/' }] });
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document() as unknown as Record<string, unknown>)));

  return app;
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
function limitBody(maxSize: number): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError: (c) => tooLarge(c) });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return /^\d+$/.test(length) && Number(length) <= maxSize ? next() : tooLarge(c);
    }
    return counted(c, next);
  };
}

function tooLarge(c: Parameters<typeof problemResponse>[0]): Response {
  const requestIdValue = (c.get('requestId') as string | undefined) ?? 'unknown';
  return new Response(
    JSON.stringify({
      type: 'urn:kindling:problem:payload_too_large',
      title: 'The body is too large',
      status: 413,
      detail: 'Request bodies are limited to 256 KiB. Nothing was written.',
      code: 'payload_too_large',
      requestId: requestIdValue,
    }),
    { status: 413, headers: { 'content-type': 'application/problem+json' } },
  );
}
