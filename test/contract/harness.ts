import type { Role } from '../../src/core/context.js';
import { issueToken } from '../../src/core/tokens.js';
import { createApp } from '../../src/http/app.js';
import { memoryLogger } from '../../src/http/log.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import { openApiChecker } from './openapi-check.js';

/**
 * What a contract test needs from a runtime: the app over a real store, a way to mint tokens,
 * and a clock it controls. Each harness works in an alliance of its own, so tests sharing one
 * D1 database (rows persist within a file there) never see each other's accounts.
 */
export interface Harness {
  runtime: 'node' | 'workers';
  store: SqliteStore;
  alliance: string;
  /** Makes another alliance id unique to this harness. */
  otherAlliance: string;
  request(
    path: string,
    init?: RequestInit & { token?: string; json?: unknown; key?: string },
  ): Promise<Response>;
  token(
    role: Role,
    options?: { alliance?: string; holder?: string; expiresAt?: string },
  ): Promise<string>;
  setNow(iso: string): void;
  /** The structured log lines the app wrote (the last 2,000). */
  log: ReturnType<typeof memoryLogger>;
  /**
   * A second writer on the same database with its own connection (Node) or its own commit queue
   * and head cache (Workers: what a second isolate has), for races the first writer cannot
   * serialise away.
   */
  twin(): Harness['request'];
}

let harnessCount = 0;

export async function makeHarness(
  runtime: Harness['runtime'],
  store: SqliteStore,
  twinStore: () => SqliteStore,
  /** False where the app's own memory is measured: the check reads each JSON answer whole. */
  options: { checkAnswers?: boolean } = {},
): Promise<Harness> {
  harnessCount += 1;
  const unique = `${Date.now().toString(36)}${harnessCount}${Math.random().toString(36).slice(2, 6)}`;
  let now = new Date('2026-06-01T10:00:00.000Z');
  let n = 0;
  const clock = () => new Date(now);
  const ids = (prefix: string) => `${prefix}_${unique}_${String(++n).padStart(6, '0')}`;
  const log = memoryLogger();
  const app = createApp({ store, hasher: sha256Hex, ids, clock, log });
  const requester =
    (target: { request: typeof app.request }): Harness['request'] =>
    async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.token) headers.set('authorization', `Bearer ${init.token}`);
      if (init.key) headers.set('idempotency-key', init.key);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      const res = await target.request(path, { ...init, headers, body });
      // Every answer is held to /openapi.json (issue 16): the document cannot drift from the code.
      if (options.checkAnswers !== false) {
        const checker = await openApiChecker((p) => app.request(p));
        await checker.check(init.method ?? 'GET', path, res);
      }
      return res;
    };
  const harness: Harness = {
    runtime,
    store,
    alliance: `a${unique}`,
    otherAlliance: `b${unique}`,
    request: requester(app),
    log,
    twin: () => requester(createApp({ store: twinStore(), hasher: sha256Hex, ids, clock, log })),
    async token(role, options = {}) {
      const issued = issueToken({ hasher: sha256Hex, ids }, clock(), {
        role,
        allianceId: options.alliance ?? harness.alliance,
        holderId: options.holder ?? (role === 'holder' || role === 'broker' ? 'hld_test' : null),
        name: `${role} test token`,
        expiresAt: options.expiresAt ?? null,
      });
      await store.commit(() => [issued.write]);
      return issued.secret;
    },
    setNow(iso) {
      now = new Date(iso);
    },
  };
  return harness;
}
