/**
 * The treasurer's and the reminders pages (issue 13, issue 15): API write operation → the page
 * route whose form does the same job through the same use case.
 */
export const covered: Record<string, string> = {
  'POST /v1/accounts': '/ledger/accounts',
  'POST /v1/entries': '/ledger/entries',
  'POST /v1/entries/{id}/reversal': '/ledger/entries/:entry/reversal',
  'POST /v1/ledger/closings': '/ledger/closings',
  'PUT /v1/alliances/{alliance}/contacts/{subject}': '/reminders/contacts/:subject',
  'POST /v1/alliances/{alliance}/reminders/replies': '/reminders/replies',
};
