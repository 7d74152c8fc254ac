import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

/**
 * A typed client for the Kindling API: `openapi-fetch` over the types generated from
 * /openapi.json (src/client/api.d.ts). Paths, parameters, bodies, answers and each operation's
 * problem codes are all checked by the compiler; see the README for an example.
 */
export type { components, paths };
export type Problem = components['schemas']['Problem'];
export type ProblemCode = Problem['code'];

export interface KindlingClientOptions {
  /** Where the API is, e.g. `https://kindling.example.org`. */
  baseUrl: string;
  /** A bearer token from `npm run admin -- create-token`. */
  token: string;
  /** Another fetch (a test's `app.request`, a proxy); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
}

export function kindlingClient({ baseUrl, token, fetch }: KindlingClientOptions) {
  return createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${token}` },
    ...(fetch ? { fetch } : {}),
  });
}
