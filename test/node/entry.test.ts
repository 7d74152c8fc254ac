import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The two command lines a new user runs: the service with its embedded database, and the admin
// command that prints a token as its last line.
const dir = mkdtempSync(join(tmpdir(), 'kindling-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('the Node entry points', () => {
  it('creates the database on purpose, serves, and accepts a token from the admin command', async () => {
    const db = join(dir, 'data', 'kindling.sqlite');
    const env = {
      ...process.env,
      KINDLING_DB: db,
      PORT: String(18_000 + Math.floor(Math.random() * 2000)),
    };
    // A database is created on purpose (a mistyped KINDLING_DB must not become an empty ledger).
    expect(
      execFileSync(tsx, ['src/admin.ts', 'create-database'], { env, encoding: 'utf8' }),
    ).toMatch(/Created a new, empty Kindling database/);
    const out = execFileSync(
      tsx,
      [
        'src/admin.ts',
        'create-token',
        '--role',
        'coordinator',
        '--alliance',
        'crawley',
        '--name',
        'Treasurer',
      ],
      { env, encoding: 'utf8' },
    );
    const token = out.trim().split('\n').pop()!;
    expect(token).toMatch(/^kdl_[A-Za-z0-9_-]{43}$/);
    expect(existsSync(db)).toBe(true);

    const server = spawn(tsx, ['src/node.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('server did not start')), 20_000);
        server.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('serving')) {
            clearTimeout(timer);
            resolve();
          }
        });
        server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const base = `http://127.0.0.1:${env.PORT}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const res = await fetch(`${base}/v1/ledger/verify`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true });

      // Bodies over 256 KiB are refused, whether they declare their length or arrive chunked;
      // a small body still reaches the route and its validation.
      const post = (body: BodyInit, extra: Record<string, string> = {}) =>
        fetch(`${base}/v1/entries`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'idempotency-key': 'k1',
            ...extra,
          },
          body,
          duplex: 'half',
        } as RequestInit);
      const big = JSON.stringify({ description: 'x'.repeat(300 * 1024) });
      for (const body of [big, new Blob([big]).stream()]) {
        const tooBig = await post(body);
        expect(tooBig.status).toBe(413);
        expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
        expect(await tooBig.json()).toMatchObject({ code: 'payload_too_large' });
      }
      const small = await post(
        JSON.stringify({
          effectiveDate: '2026-05-01',
          description: 'x',
          reasonCode: 'manual_adjustment',
          postings: [],
        }),
      );
      expect(small.status).toBe(422);
      expect(await small.json()).toMatchObject({ status: 422 });
      const chunked = await post(new Blob(['{"nonsense":']).stream());
      expect(chunked.status).toBe(400);
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('refuses to start with a bad environment, saying why', () => {
    expect(() =>
      execFileSync(tsx, ['src/node.ts'], {
        env: { ...process.env, PORT: 'eighty' },
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/PORT/);
  });

  it('prints usage and fails for an unknown admin command', () => {
    expect(() =>
      execFileSync(tsx, ['src/admin.ts', 'frobnicate'], { encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/create-token/);
  });
});
