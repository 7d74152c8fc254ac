import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { sha256Hex } from '../../src/runtime/hash.js';
import { runVerifyCommand } from '../../src/runtime/verify-command.js';
import { makeHarness } from '../contract/harness.js';
import { body, ledgerFixture } from '../contract/helpers.js';
import { tamper } from '../contract/verify.contract.js';

async function twoAlliances() {
  const { store } = openSqlite({ path: ':memory:' });
  const f = await ledgerFixture(await makeHarness('node', store, () => store));
  const g = await ledgerFixture(await makeHarness('node', store, () => store));
  const ids: string[] = [];
  for (const [x, n] of [
    [f, 3],
    [g, 2],
  ] as const)
    for (let i = 1; i <= n; i++)
      ids.push(
        (
          await body(
            await x.post([
              [x.bank, `${i}.00`],
              [x.fund, `-${i}.00`],
            ]),
          )
        ).id,
      );
  const run = async (full: boolean, alliance: string | null = null) => {
    const lines: string[] = [];
    const code = await runVerifyCommand({
      store,
      hasher: sha256Hex,
      clock: () => new Date('2026-06-01T09:00:00.000Z'),
      full,
      alliance,
      print: (line) => lines.push(line),
    });
    return { code, text: lines.join('\n') };
  };
  return { f, g, ids, run };
}

describe('npm run admin -- verify', () => {
  it('reports every alliance to the operator, or the one asked for', async () => {
    const { f, g, run } = await twoAlliances();
    const all = await run(false);
    expect(all.code).toBe(0);
    expect(all.text).toContain(`${f.h.alliance}: intact, 3 entries checked (3 now)`);
    expect(all.text).toContain(`${g.h.alliance}: intact, 2 entries checked (2 now)`);
    const again = await run(false, g.h.alliance);
    expect(again.text).toContain(`${g.h.alliance}: intact, 2 entries checked (0 now)`);
    expect(again.text).not.toContain(f.h.alliance);
    const full = await run(true);
    expect(full).toMatchObject({ code: 0 });
    expect(full.text).toMatch(/^Full re-check: 2 requests/);
  });

  it('exits 1 and names the broken entry when the full re-check finds one', async () => {
    const { f, g, ids, run } = await twoAlliances();
    expect((await run(false)).code).toBe(0);
    await tamper(f.h, [
      `UPDATE postings SET amount_minor = amount_minor + 5 WHERE entry_id = '${ids[1]}' AND line = 1`,
    ]);
    expect((await run(false)).code).toBe(0); // before the checkpoint: only a full re-check sees it
    const full = await run(true);
    expect(full.code).toBe(1);
    expect(full.text).toContain(`${f.h.alliance}: NEEDS ATTENTION`);
    expect(full.text).toContain(`${g.h.alliance}: intact`);
    expect(full.text).toContain(`(${ids[1]}): hash_mismatch`);
  });
});
