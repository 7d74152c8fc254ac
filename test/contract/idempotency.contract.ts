import { describe, expect, it } from 'vitest';
import type { Harness } from './harness.js';
import { expectProblem } from './helpers.js';
import { RECIPES, makeWorld } from './idempotency-recipes.js';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
}

/**
 * Generated from /openapi.json: every POST operation accepts an Idempotency-Key, documents it,
 * replays its first answer for the same key and body (saying so in `Idempotent-Replayed`), and
 * refuses the key for a different request. Where the header is documented as required (money
 * moves) a request without it is refused and writes nothing. A POST route added without a
 * recipe in idempotency-recipes.ts fails here, so none can slip past.
 */
export function idempotencyContract(makeHarness: () => Promise<Harness>) {
  describe('every POST accepts and replays an Idempotency-Key (generated from /openapi.json)', () => {
    it('replays the first answer for every POST operation, and refuses the key for another request', async () => {
      const h = await makeHarness();
      const doc = (await (await h.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, Operation>>;
      };
      const posts = Object.entries(doc.paths).flatMap(([path, item]) =>
        item.post ? [{ path, op: item.post }] : [],
      );
      expect(posts.length).toBeGreaterThan(30);
      const missing = posts.map((p) => `POST ${p.path}`).filter((name) => !RECIPES[name]);
      expect(missing, 'POST operations with no recipe in idempotency-recipes.ts').toEqual([]);

      const world = await makeWorld(h);
      let n = 0;
      for (const { path, op } of posts) {
        const name = `POST ${path}`;
        const header = op.parameters?.find(
          (p) => p.in === 'header' && p.name === 'idempotency-key',
        );
        expect(header, `${name} documents the Idempotency-Key header`).toBeDefined();
        const attempt = await RECIPES[name]!(world);
        const send = (key: string | null, change: { path?: string; json?: unknown } = {}) =>
          h.request(change.path ?? attempt.path, {
            method: 'POST',
            token: attempt.token,
            ...(key ? { key } : {}),
            ...('json' in change
              ? { json: change.json }
              : attempt.json === undefined
                ? {}
                : { json: attempt.json }),
          });
        if (header?.required) {
          const refused = await send(null);
          await expectProblem(refused, 400, 'idempotency_key_required');
        }
        const key = `idem-${h.alliance}-${++n}`;
        const first = await send(key);
        const firstText = await first.text();
        expect(first.status, `${name}: ${firstText}`).toBeGreaterThanOrEqual(200);
        expect(first.status, `${name}: ${firstText}`).toBeLessThan(300);
        expect(first.headers.get('idempotent-replayed'), name).toBeNull();

        const again = await send(key);
        const againText = await again.text();
        expect(again.status, `${name} replays its status: ${againText}`).toBe(first.status);
        expect(again.headers.get('idempotent-replayed'), `${name} says it replayed`).toBe('true');
        expect(JSON.parse(againText), `${name} replays its answer`).toEqual(
          replayOf(name, JSON.parse(firstText)),
        );

        const reused = await send(key, attempt.other);
        await expectProblem(reused, 409, 'idempotency_key_reused');
      }
    });
  });
}

/** A sign-in code is shown once and never stored: its replay is the same answer without it. */
function replayOf(name: string, first: Record<string, unknown>) {
  return name.startsWith('POST /v1/sign-in-codes') && 'code' in first
    ? { ...first, code: null }
    : first;
}
