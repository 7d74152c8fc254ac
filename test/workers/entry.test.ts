import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { issueToken } from '../../src/core/tokens.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { d1Store, type D1Like } from '../../src/store/d1-store.js';
import worker from '../../src/worker.js';

describe('the Worker entry', () => {
  it('serves the app over the D1 binding, with tokens inserted as the admin --sql output would', async () => {
    const db = env.DB as D1Like;
    const issued = issueToken({ hasher: sha256Hex, ids: (p) => `${p}_${Date.now()}` }, new Date(), {
      role: 'auditor',
      allianceId: 'worker-entry',
      name: 'Auditor',
    });
    await d1Store(db).commit(() => [issued.write]);
    const health = await worker.fetch(new Request('http://localhost/health'), { DB: db }, {});
    expect(health.status).toBe(200);
    const res = await worker.fetch(
      new Request('http://localhost/v1/ledger/verify', {
        headers: { authorization: `Bearer ${issued.secret}` },
      }),
      { DB: db },
      {},
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    const denied = await worker.fetch(
      new Request('http://localhost/v1/ledger/verify'),
      { DB: db },
      {},
    );
    expect(denied.status).toBe(401);
  });
});
