import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { budgetsFixture } from '../contract/budgets-helpers.js';
import { makeHarness } from '../contract/harness.js';
import { body, newKey, sparksFixture } from '../contract/sparks-helpers.js';

// No request a client can send gets a 500. Every operation in the OpenAPI document is sent random
// bodies (any JSON, or the operation's own property names with random values) and path
// parameters that are real ids of every kind or junk, as a coordinator, a panel member, a holder
// and an auditor. Every answer must be below 500, and every error a problem+json.
describe('the API under random input', () => {
  it('never answers 500, and every error is application/problem+json', async () => {
    const { store } = openSqlite({ path: ':memory:' });
    const h = await makeHarness('node', store, () => store);
    const s = await sparksFixture(h);
    await s.ok('POST', 'receipts', {
      funder: 'Council',
      amount: '900.00',
      receivedOn: '2026-04-01',
    });
    const applicant = await s.applicant();
    const application = await s.application(applicant, '100.00', '2026-05-01');
    const sitting = await s.sitting('2026-05-01');
    const award = (
      await body(
        await s.decide(application, sitting, { outcome: 'award', amount: '100.00', purpose: 'x' }),
      )
    ).award.id as string;
    const b = await budgetsFixture(h);
    const budget = await b.budget(b.people.holder.id, { allocate: '500.00' });
    const spend = (
      await b.ok(
        'POST',
        `budgets/${budget}/spends`,
        {
          provider: 'P',
          category: 'health',
          amount: '150.00',
          spentOn: '2026-05-01',
          description: 'x',
        },
        { token: b.people.holder.token },
      )
    ).id;
    const pool = (
      await b.ok(
        'POST',
        'pools',
        { name: 'P', coordinatorPersonId: b.people.holder.id },
        { key: false },
      )
    ).id;
    const entry = (await h.store.chainHead()).seq;
    const entryId = (await h.store.chainPage(entry - 1, 1))[0]!.id;

    const doc = await body(await h.request('/openapi.json'));
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(
      ([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(40);
    const realIds: Record<string, string[]> = {
      alliance: [h.alliance, h.otherAlliance],
      application: [application],
      applicant: [applicant],
      sitting: [sitting],
      award: [award],
      budget: [budget],
      spend: [spend],
      pool: [pool],
      stream: [b.stream],
      person: [b.people.supporter.id],
      id: [entryId],
      code: [`alliance:${h.alliance}:bank`, `budget:${budget}`],
    };
    const tokens = [s.coordinator, s.panel, s.auditor, b.people.holder.token];
    const junk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('..', '%00', 'a:b', 'ÿ', 'x'.repeat(300), '1e3', '-1'),
    );

    const request = fc.record({
      operation: fc.constantFrom(...operations),
      token: fc.constantFrom(...tokens),
      pathJunk: fc.boolean(),
      junkValue: junk,
      bodyKind: fc.constantFrom('json', 'declared', 'none', 'text'),
      anyJson: fc.jsonValue({ maxDepth: 3 }),
      values: fc.array(
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          junk,
          fc.constantFrom('2026-05-01', '10.00', '-5.00', 'health', 'award', h.alliance, budget),
        ),
        { minLength: 8, maxLength: 8 },
      ),
      query: fc.constantFrom(
        '',
        '?asOf=2026-05-01',
        '?asOf=x',
        '?limit=0',
        '?limit=abc',
        '?cursor=zz',
        '?from=2026-13-01',
        '?status=nope',
        '?state=overdue&withinDays=-1',
        '?prefix=%25',
      ),
    });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const path = r.operation.path.replace(/\{(\w+)\}/g, (_: string, name: string) =>
          encodeURIComponent(r.pathJunk ? r.junkValue || 'x' : (realIds[name] ?? ['x'])[0]!),
        );
        const schema = r.operation.op.requestBody?.content?.['application/json']?.schema;
        const properties = Object.keys(schema?.properties ?? {});
        let payload: string | undefined;
        if (r.operation.method === 'get') r.bodyKind = 'none';
        if (r.bodyKind === 'json') payload = JSON.stringify(r.anyJson);
        if (r.bodyKind === 'declared')
          payload = JSON.stringify(
            Object.fromEntries(properties.map((p, i) => [p, r.values[i % r.values.length]])),
          );
        if (r.bodyKind === 'text') payload = String(r.junkValue);
        const res = await h.request(`${path}${r.operation.method === 'get' ? r.query : ''}`, {
          method: r.operation.method.toUpperCase(),
          token: r.token,
          key: newKey(),
          ...(payload === undefined
            ? {}
            : { body: payload, headers: { 'content-type': 'application/json' } }),
        });
        const text = await res.text();
        expect(res.status, `${r.operation.method} ${path} ${payload ?? ''}: ${text}`).toBeLessThan(
          500,
        );
        if (res.status >= 400)
          expect(res.headers.get('content-type'), text).toContain('application/problem+json');
      }),
      { numRuns: 1500, seed: 20261123 },
    );
    expect((await body(await h.request('/v1/ledger/verify', { token: s.coordinator }))).ok).toBe(
      true,
    );
  });
});
