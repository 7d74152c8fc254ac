import { z, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import { problemResponses } from '../schemas.js';
import { serviceContext, type AppDeps, type AppEnv } from '../router.js';

/**
 * What the routes of one resource are made of (after w3cj/hono-open-api-starter): a `routes`
 * object of route definitions, a `handlers` object of the same keys, each given the deps, and a
 * registration function that joins the two in order. The pieces here are shared by the files.
 */
export type Handlers<R extends Record<string, RouteConfig>, D> = {
  [K in keyof R]: (deps: D) => RouteHandler<R[K], AppEnv>;
};

export const security = [{ bearerAuth: [] }];
export const errors = problemResponses(400, 401, 403, 404, 409, 422);

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
export const Id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name, in: 'path' }, example });
export const Text = (max = 500) => z.string().trim().min(1).max(max);

/** The filters given, without the ones left out (exactOptionalPropertyTypes). */
export const dropEmpty = <T extends Record<string, string | undefined>>(q: T) =>
  Object.fromEntries(Object.entries(q).filter(([, v]) => v)) as { [K in keyof T]?: string };

export const ctx = (c: Parameters<typeof serviceContext>[0], deps: AppDeps) =>
  serviceContext(c, deps);
export const replayed = (c: { header: (k: string, v: string) => void }, r: { replayed: boolean }) =>
  r.replayed && c.header('idempotent-replayed', 'true');
export const key = (c: { req: { header: (k: string) => string | undefined } }) =>
  c.req.header('idempotency-key');
