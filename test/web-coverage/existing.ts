/**
 * Pages built before issue 13 (sign-in codes; the Small Sparks ones are in sparks.ts): API write operation ("METHOD /v1/path" exactly as in /openapi.json) → the page route
 * (as registered in Hono) whose form does the same job through the same use case.
 */
export const covered: Record<string, string> = {
  'POST /v1/sign-in-codes': '/access/codes',
  'POST /v1/sign-in-codes/{id}/reissue': '/access/codes/:id/reissue',
  'POST /v1/sign-in-codes/{id}/withdraw': '/access/codes/:id/withdraw',
};
