/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { memoryLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { openSqlite } from '../../src/store/node-store.js';

/**
 * Every write operation of the API has a web page that does the same job (issue 13), or is named
 * here as API-only with the reason. Each engineer who builds pages for API operations records
 * them in their own `test/web-coverage/<area>.ts` as `covered: { 'METHOD /v1/path': '/page/route' }`;
 * this test reads them all, checks each page route is a real form route of the app (a POST, or a
 * GET for a form that only reads), and fails for any write operation left unmapped.
 */

/** Operations a person never does by hand: each says why. Keep this list short. */
const API_ONLY: Record<string, string> = {
  // Imports and clients catching up post hundreds of entries at once; a person posts one at a
  // time at /ledger/entries, which runs the same checks.
  'POST /v1/entries/batch': 'bulk import of entries, for software, not people',
};

const maps = import.meta.glob<{ covered: Record<string, string> }>('../web-coverage/*.ts', {
  eager: true,
});

const WRITES = ['post', 'put', 'patch', 'delete'];

async function appAndOperations() {
  const { store } = openSqlite({ path: ':memory:' });
  const app = createApp({
    store,
    hasher: sha256Hex,
    ids: (prefix) => `${prefix}_coverage`,
    clock: () => new Date('2026-06-01T10:00:00.000Z'),
    log: memoryLogger(),
  });
  const doc = (await (await app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => WRITES.includes(m))
      .map((m) => `${m.toUpperCase()} ${path}`),
  );
  return { app, operations };
}

describe('a web page for every write operation of the API', () => {
  it('loads the coverage maps of every area', () => {
    const files = Object.keys(maps);
    expect(files).toContain('../web-coverage/existing.ts');
    expect(files).toContain('../web-coverage/audit.ts');
    for (const [file, map] of Object.entries(maps))
      expect(Object.keys(map.covered ?? {}).length, file).toBeGreaterThan(0);
  });

  it('maps each operation to a form route the app really has', async () => {
    const { app, operations } = await appAndOperations();
    const forms = new Set(
      app.routes
        .filter((r) => !r.path.startsWith('/v1') && (r.method === 'POST' || r.method === 'GET'))
        .map((r) => r.path),
    );
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const [file, map] of Object.entries(maps))
      for (const [operation, page] of Object.entries(map.covered)) {
        if (!operations.includes(operation))
          problems.push(`${file}: ${operation} is not a write operation in /openapi.json`);
        if (!forms.has(page)) problems.push(`${file}: ${operation} → ${page}: no such page route`);
        const earlier = seen.get(operation);
        if (earlier) problems.push(`${operation} is mapped twice (${earlier} and ${file})`);
        seen.set(operation, file);
        if (API_ONLY[operation]) problems.push(`${operation} is mapped, so it is not API-only`);
      }
    expect(problems).toEqual([]);
  });

  it('leaves no write operation without a page, bar the API-only list', async () => {
    const { operations } = await appAndOperations();
    expect(operations.length).toBeGreaterThan(40);
    const covered = new Set(Object.values(maps).flatMap((m) => Object.keys(m.covered)));
    const missing = operations.filter((op) => !covered.has(op) && !API_ONLY[op]);
    expect(missing).toEqual([]);
    // Stale lists hide nothing: every name in them is still an operation of the API.
    const unknown = Object.keys(API_ONLY).filter((op) => !operations.includes(op));
    expect(unknown).toEqual([]);
  });
});
