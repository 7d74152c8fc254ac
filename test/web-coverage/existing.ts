/**
 * Pages built before issue 13 (applications, sittings, decisions, payments, follow-ups, sign-in
 * codes): API write operation ("METHOD /v1/path" exactly as in /openapi.json) → the page route
 * (as registered in Hono) whose form does the same job through the same use case.
 */
export const covered: Record<string, string> = {
  // The application form registers the applicant (pseudonymous) and records the application.
  'POST /v1/alliances/{alliance}/applicants': '/sparks/applications',
  'POST /v1/alliances/{alliance}/applications': '/sparks/applications',
  'POST /v1/alliances/{alliance}/sittings': '/sparks/sittings',
  'POST /v1/alliances/{alliance}/sittings/{sitting}/conflicts':
    '/sparks/sittings/:sitting/conflicts',
  'POST /v1/alliances/{alliance}/applications/{application}/decision':
    '/sparks/sittings/:sitting/decisions',
  'POST /v1/alliances/{alliance}/awards/{award}/disbursements': '/sparks/awards/:award/payments',
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up': '/sparks/awards/:award/follow-up',
  'POST /v1/sign-in-codes': '/access/codes',
  'POST /v1/sign-in-codes/{id}/reissue': '/access/codes/:id/reissue',
  'POST /v1/sign-in-codes/{id}/withdraw': '/access/codes/:id/withdraw',
};
