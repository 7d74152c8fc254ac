import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { createApp } from '../http/app.js';
import { sha256Hex } from '../runtime/hash.js';
import { openSqlite } from '../store/node-store.js';

/**
 * Writes src/client/api.d.ts, the TypeScript types of /openapi.json, for `openapi-fetch` (issue
 * 16, point 3): `npm run client:types`. The types are generated from the document rather than
 * taken from the routes for `hono/client`, because the routes are registered one router at a
 * time (`app.route` statements, not one chain), so their types do not flow into one `AppType`;
 * and a client built from the document is the one every integrator can build, in any language.
 * test/node/client.test.ts fails when the committed file differs from what this writes.
 */
export const CLIENT_TYPES_PATH = fileURLToPath(new URL('./api.d.ts', import.meta.url));

const quiet = { info() {}, error() {} };

/** The document exactly as the app serves it. */
export async function servedDocument(): Promise<OpenAPI3> {
  const { store } = openSqlite({ path: ':memory:' });
  const app = createApp({
    store,
    hasher: sha256Hex,
    ids: (prefix) => `${prefix}_client_types`,
    clock: () => new Date('2026-01-01T00:00:00.000Z'),
    log: quiet,
  });
  return (await (await app.request('/openapi.json')).json()) as OpenAPI3;
}

export async function clientTypes(): Promise<string> {
  const ast = await openapiTS(await servedDocument());
  return `${COMMENT_HEADER}// Run \`npm run client:types\` after changing a route or schema.\n\n${astToString(ast)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CLIENT_TYPES_PATH, await clientTypes());
  console.log(`wrote ${CLIENT_TYPES_PATH}`);
}
