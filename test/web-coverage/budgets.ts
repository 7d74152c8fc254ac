/**
 * API write operation ("METHOD /v1/path" exactly as in /openapi.json) → the page route (as
 * registered in Hono, a GET page) whose form does the same job, through the same use case. Individual budgets
 * and pools (issue 13).
 */
export const covered: Record<string, string> = {
  'POST /v1/people': '/budgets/people/new',
  'POST /v1/people/{person}/erasure': '/budgets/people/:person/erasure',
  'POST /v1/streams': '/budgets/streams/new',
  'POST /v1/streams/{stream}/funding': '/budgets/streams/:stream',
  'POST /v1/budgets': '/budgets/new',
  'POST /v1/budgets/{budget}/allocations': '/budgets/:budget',
  'POST /v1/budgets/{budget}/spends': '/my/budgets/:budget/spends/new',
  'POST /v1/budgets/{budget}/parties/{person}/removal': '/budgets/:budget',
  'POST /v1/budgets/{budget}/closure': '/budgets/:budget',
  'POST /v1/spends/{spend}/approval': '/my/spends/:spend',
  'POST /v1/spends/{spend}/rejection': '/my/spends/:spend',
  'POST /v1/spends/{spend}/withdrawal': '/my/spends/:spend',
  'POST /v1/pools': '/budgets/pools/new',
  'POST /v1/pools/{pool}/members': '/my/budgets/:budget/pools',
  'POST /v1/pools/{pool}/contributions': '/my/pools/:pool',
  'POST /v1/pools/{pool}/purchases': '/my/pools/:pool',
  'POST /v1/pools/{pool}/leaving': '/my/pools/:pool',
};
