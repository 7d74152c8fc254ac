import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../../src/core/context.js';
import { issueToken } from '../../../src/core/tokens.js';
import { createApp, type AppDeps } from '../../../src/http/app.js';
import { memoryLogger } from '../../../src/http/log.js';
import { sha256Hex } from '../../../src/runtime/hash.js';
import { openSqlite } from '../../../src/store/node-store.js';
import type { Harness } from '../../contract/harness.js';

/**
 * The real app, served over HTTP on 127.0.0.1 at a random port, on a new SQLite file in a temp
 * directory, with a clock and ids the test controls. `harness` speaks to the same app in process,
 * so the contract fixtures (sparksFixture, budgetsFixture) can set the books up quickly.
 */
export interface RunningApp {
  url: string;
  harness: Harness;
  deps: AppDeps;
  /** Every route the app registers (method and path pattern), as hono lists them. */
  routes: { method: string; path: string }[];
  setNow(iso: string): void;
  /** Moves the clock on by some seconds. */
  advance(seconds: number): void;
  /** Reads the database directly, for what no page or route shows (counts of rows). */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  stop(): Promise<void>;
}

export async function startApp(
  options: { now?: string; trustForwardedProto?: boolean } = {},
): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-browser-'));
  const { store, sqlite } = openSqlite({ path: join(dir, 'kindling.sqlite') });
  let now = new Date(options.now ?? '2026-06-01T09:00:00.000Z');
  let n = 0;
  const clock = () => new Date(now);
  const ids = (prefix: string) => `${prefix}_br${String(++n).padStart(6, '0')}`;
  const deps: AppDeps = {
    store,
    hasher: sha256Hex,
    ids,
    clock,
    log: memoryLogger(),
    trustForwardedProto: options.trustForwardedProto,
    clientAddress: (c) => getConnInfo(c).remote.address,
  };
  const app = createApp(deps);
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const harness: Harness = {
    runtime: 'node',
    store,
    alliance: 'crawley',
    otherAlliance: 'bognor',
    log: deps.log as ReturnType<typeof memoryLogger>,
    async request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.key) headers.set('idempotency-key', init.key);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return app.request(path, { ...init, headers, body });
    },
    async token(role: Role, opts = {}) {
      const issued = issueToken({ hasher: sha256Hex, ids }, clock(), {
        role,
        allianceId: opts.alliance ?? harness.alliance,
        holderId: opts.holder ?? (role === 'holder' || role === 'broker' ? 'hld_test' : null),
        name: `${role} browser token`,
        expiresAt: opts.expiresAt ?? null,
      });
      await store.commit(() => [issued.write]);
      return issued.secret;
    },
    setNow(iso) {
      now = new Date(iso);
    },
    twin() {
      throw new Error('The browser harness has one writer.');
    },
  };

  return {
    url,
    harness,
    deps,
    routes: app.routes.map((r) => ({ method: r.method, path: r.path })),
    setNow: harness.setNow,
    rows: <T>(sql: string, ...params: unknown[]) => sqlite.prepare(sql).all(...params) as T[],
    advance(seconds) {
      now = new Date(now.getTime() + seconds * 1000);
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Chromium keeps connections alive; close them so the port is freed now.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
