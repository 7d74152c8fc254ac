/**
 * Small Sparks coordinator jobs (issue 13): API write operation ("METHOD /v1/path" exactly as in
 * /openapi.json) → the page route (as registered in Hono) whose form does the same job through the
 * same use case. The shared test checks each page exists in the app's routes.
 */
export const covered: Record<string, string> = {
  'POST /v1/alliances': '/sparks/setup',
  'PATCH /v1/alliances/{alliance}': '/sparks/settings',
  'POST /v1/alliances/{alliance}/receipts': '/sparks/receipts/new',
  'POST /v1/alliances/{alliance}/panel-members': '/sparks/panel',
  'POST /v1/alliances/{alliance}/panel-members/{member}/retirement': '/sparks/panel',
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/extension':
    '/sparks/awards/:award/extension',
  'POST /v1/alliances/{alliance}/awards/{award}/cancellation': '/sparks/awards/:award/cancel',
  'POST /v1/alliances/{alliance}/awards/{award}/returns': '/sparks/awards/:award/returns',
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up/waiver': '/sparks/awards/:award/waiver',
  'PATCH /v1/alliances/{alliance}/applicants/{applicant}': '/sparks/applicants/:applicant/contact',
  'POST /v1/alliances/{alliance}/applicants/{applicant}/erasure':
    '/sparks/applicants/:applicant/erasure',
  'POST /v1/alliances/{alliance}/applications/{application}/withdrawal':
    '/sparks/applications/:application/withdrawal',
  // Reached by the pages built before issue 13, recorded here so the shared test sees them.
  'POST /v1/alliances/{alliance}/applicants': '/sparks/applications/new',
  'POST /v1/alliances/{alliance}/applications': '/sparks/applications/new',
  'POST /v1/alliances/{alliance}/sittings': '/sparks/sittings/new',
  'POST /v1/alliances/{alliance}/sittings/{sitting}/conflicts': '/sparks/sittings/:sitting',
  'POST /v1/alliances/{alliance}/applications/{application}/decision': '/sparks/sittings/:sitting',
  'POST /v1/alliances/{alliance}/awards/{award}/disbursements': '/sparks/awards/:award/payments',
  'POST /v1/alliances/{alliance}/awards/{award}/follow-up': '/sparks/awards/:award/follow-up',
};
