import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eraseEveryone, erasedMarkers } from '../contract/erasure.contract.js';
import { makeHarness } from '../contract/harness.js';
import { plantedWorld } from '../contract/privacy-fixture.js';
import { openSqlite } from '../../src/store/node-store.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-erasure-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How often each marker occurs in the raw bytes of the database file and its log. */
function hits(path: string, markers: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const file of [path, `${path}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const m of markers) {
      let at = bytes.indexOf(m);
      while (at !== -1) {
        const where = `${file.endsWith('-wal') ? 'wal' : 'main'} ${m}`;
        found[where] = (found[where] ?? 0) + 1;
        at = bytes.indexOf(m, at + 1);
      }
    }
  }
  return found;
}

describe('privacy: erased words leave the database files', () => {
  it('finds none of the erased markers in the .sqlite or -wal bytes after erasure', async () => {
    const path = join(dir, 'erase.sqlite');
    const opened = openSqlite({ path });
    expect(opened.sqlite.pragma('secure_delete', { simple: true })).toBe(1);
    const h = await makeHarness('node', opened.store, () => {
      throw new Error('not used');
    });
    const w = await plantedWorld(h);
    const markers = erasedMarkers(w);
    // Before: the words are on disk (in the log, the main file or both).
    expect(Object.keys(hits(path, markers)).length).toBeGreaterThan(0);

    await eraseEveryone(w);

    expect(hits(path, markers)).toEqual({});
    opened.sqlite.close();
  });
});
