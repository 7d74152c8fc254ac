import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../browser/support/server.js';
import { covered } from '../web-coverage/budgets.js';

/**
 * The budgets part of the coverage map is honest: each API write operation it names is in
 * /openapi.json, each page it names is a GET page the app registers, and every budgets and pools
 * write operation in the API has a page.
 */
describe('web pages for the budgets write operations', () => {
  let app: RunningApp;
  let operations: string[];
  beforeAll(async () => {
    app = await startApp();
    const doc = (await (await app.harness.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  });
  afterAll(() => app?.stop());

  it('names only operations the API has, and pages the app serves', () => {
    const pages = new Set(app.routes.filter((r) => r.method === 'GET').map((r) => r.path));
    for (const [operation, page] of Object.entries(covered)) {
      expect(operations, operation).toContain(operation);
      expect(pages.has(page), `${operation} → ${page}`).toBe(true);
    }
  });

  it('leaves no budgets or pools write operation without a page', () => {
    const ours = operations.filter((o) =>
      /^POST \/v1\/(people|streams|budgets|spends|pools)(\/|$)/.test(o),
    );
    expect(ours.length).toBeGreaterThanOrEqual(17);
    expect(ours.filter((o) => !(o in covered))).toEqual([]);
  });
});
