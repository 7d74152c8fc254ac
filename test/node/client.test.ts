import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_PATH, clientTypes } from '../../src/client/generate.js';
import { kindlingClient } from '../../src/client/index.js';
import { openSqlite } from '../../src/store/node-store.js';
import { makeHarness } from '../contract/harness.js';

/**
 * The typed client for integrators (issue 16, point 3): openapi-fetch over the types generated
 * from /openapi.json. Its requests go through the contract harness, so every answer is also held
 * to the document.
 */
/** A POST's answer, or its replay once the person was erased (`{ erased: true }`). */
function idOf(data: { id: string } | { erased: true } | undefined): string {
  if (!data || !('id' in data))
    throw new Error(`expected a created thing, got ${JSON.stringify(data)}`);
  return data.id;
}

describe('the typed client', () => {
  it('is generated from the document as served: the committed types never drift', async () => {
    const committed = readFileSync(CLIENT_TYPES_PATH, 'utf8');
    const generated = await clientTypes();
    expect(committed === generated, 'src/client/api.d.ts is stale: run npm run client:types').toBe(
      true,
    );
  }, 60_000);

  it('records an application, reads it back, and reads a refusal by its code', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const client = kindlingClient({
      baseUrl: 'http://kindling.test',
      token: await h.token('coordinator'),
      fetch: async (request) => {
        const url = new URL(request.url);
        const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
        return h.request(url.pathname + url.search, {
          method: request.method,
          headers: request.headers,
          ...(hasBody ? { body: await request.text() } : {}),
        });
      },
    });
    const alliance = { alliance: h.alliance };
    const created = await client.POST('/v1/alliances', {
      params: { header: { 'idempotency-key': 'client-alliance' } },
      body: { id: h.alliance, name: 'Client test alliance' },
    });
    expect(created.response.status).toBe(201);
    const applicant = await client.POST('/v1/alliances/{alliance}/applicants', {
      params: { path: alliance, header: { 'idempotency-key': 'client-applicant' } },
      body: { name: 'J.', consent: true },
    });
    const recorded = await client.POST('/v1/alliances/{alliance}/applications', {
      params: { path: alliance, header: { 'idempotency-key': 'client-application' } },
      body: {
        applicantId: idOf(applicant.data),
        amountAsked: '120.00',
        purpose: 'A monthly bus pass to get to college',
        domain: 'purposeful-activity',
        receivedOn: '2026-05-20',
      },
    });
    expect(recorded.response.status).toBe(201);
    const id = idOf(recorded.data);

    const read = await client.GET('/v1/alliances/{alliance}/applications/{application}', {
      params: { path: { ...alliance, application: id } },
    });
    expect(read.data).toMatchObject({ id, amountAsked: '120.00', status: 'received' });

    const missing = await client.GET('/v1/alliances/{alliance}/applications/{application}', {
      params: { path: { ...alliance, application: 'app_none' } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe('application_not_found');
    // The compiler knows which codes this operation can send: a code it cannot is a type error.
    // @ts-expect-error pool_not_found is not a code reading an application can answer with
    expect(missing.error?.code === 'pool_not_found').toBe(false);
  });
});
