import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { openLedger, runLoad } from '../support/load.js';
import { call, seedDatabase, startService } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-shutdown-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('finishes every request in flight on SIGTERM under load, then checkpoints and exits 0', async () => {
  const path = join(dir, 'service.sqlite');
  const token = await seedDatabase(path, 'crawley');
  const service = await startService({ KINDLING_DB: path });
  try {
    const accounts = await openLedger(service.url, token, 'crawley');
    let stopping = false;
    const load = runLoad({
      base: () => service.url,
      token,
      accounts,
      clients: 12,
      stop: () => stopping,
      prefix: 'term',
    });
    // Let the load build up, then stop the service in the middle of it.
    await new Promise((r) => setTimeout(r, 1500));
    service.child.kill('SIGTERM');
    const code = await service.exited;
    stopping = true;
    const stats = await load;

    expect(code, service.output()).toBe(0);
    expect(stats.cut, stats.cutCodes.join()).toBe(0);
    expect(stats.unexpected).toEqual([]);
    expect(stats.acked.size).toBeGreaterThan(20);
    // The checkpoint folded the WAL into the file, and every answered entry is in it once.
    const { sqlite } = openSqlite({ path, readonly: true });
    const ids = sqlite.prepare('SELECT id FROM entries').all() as { id: string }[];
    sqlite.close();
    const stored = new Set(ids.map((r) => r.id));
    for (const id of stats.acked.values()) expect(stored.has(id)).toBe(true);
    expect(stored.size).toBe(ids.length);
    console.log(
      `SIGTERM under load: ${stats.acked.size} answered, ${stats.stopping} told to retry while stopping, ${stats.refused} refused after close, ${stats.cut} cut`,
    );
  } finally {
    service.child.kill('SIGKILL');
  }
});

it('stops on SIGINT too, exiting 0, and accepts no connection after', async () => {
  const path = join(dir, 'plain.sqlite');
  await seedDatabase(path, 'bognor');
  const service = await startService({ KINDLING_DB: path });
  expect((await call(service.url, 'GET', '/health')).status).toBe(200);
  service.child.kill('SIGINT');
  expect(await service.exited).toBe(0);
  await expect(call(service.url, 'GET', '/health')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
});
