import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/node-store.js';
import { parseHledgerJournal, poundsToPence } from '../../src/runtime/import-parse.js';
import { runScript, seedDatabase, startService } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kindling-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = `; An alliance's books kept in hledger before Kindling
account assets:bank:current
  ; type: A
commodity £1,000.00

2026-01-02 * (OB) Opening balances  ; brought forward
    assets:bank:current          £123,456.78
    liabilities:payroll          -£1,000.00
    equity:opening

2026-01-05 ! Community Foundation grant
    assets:bank:current     £2500.00  = £125,956.78
    income:grants:community-foundation   -£2500.00
`;

/** 2,500 more transactions across the year: three batches of at most 1,000. */
function generated(): string {
  const lines: string[] = [];
  for (let i = 0; i < 2500; i++) {
    const day = 6 + (i % 300);
    const date = new Date(Date.UTC(2026, 0, day)).toISOString().slice(0, 10);
    const pence = 101 + ((i * 7919) % 4000);
    const pounds = `£${Math.floor(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
    const expense = ['expenses:travel', 'expenses:room hire', 'expenses:food & drink'][i % 3];
    lines.push(`${date} Payment ${i}\n    ${expense}    ${pounds}\n    assets:bank:current\n`);
  }
  return lines.join('\n');
}

describe('import through the batch endpoint (npm run admin -- import)', () => {
  it('brings an hledger journal in, ties to hledger balance, and replays when run again', async () => {
    const db = join(dir, 'books.sqlite');
    await seedDatabase(db, 'crawley');
    const file = join(dir, 'books.journal');
    writeFileSync(file, `${HEAD}\n${generated()}`);
    const env = { KINDLING_DB: db };

    const first = await runScript('src/admin.ts', ['import', file, '--alliance', 'crawley'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2502 transactions');
    expect(first.stdout).toContain('in 3 batch(es)');
    expect(first.stdout).toMatch(/every one of 7 accounts ties to the penny/);

    const again = await runScript('src/admin.ts', ['import', file, '--alliance', 'crawley'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('3 already imported before (replayed, not posted again)');

    const { sqlite } = openSqlite({ path: db, readonly: true });
    const count = sqlite.prepare("SELECT count(*) AS n FROM entries WHERE alliance_id = 'crawley'");
    expect((count.get() as { n: number }).n).toBe(2502);
    const bank = sqlite
      .prepare(
        "SELECT balance_minor AS b FROM accounts WHERE code = 'alliance:crawley:assets:bank:current'",
      )
      .get() as { b: number };
    let paid = 0;
    for (let i = 0; i < 2500; i++) paid += 101 + ((i * 7919) % 4000);
    expect(bank.b).toBe(12_345_678 + 250_000 - paid);
    sqlite.close();
  }, 300_000);

  it('imports a CSV of opening balances into a running service (--url), balancing to equity', async () => {
    const db = join(dir, 'csv.sqlite');
    const token = await seedDatabase(db, 'hastings');
    const file = join(dir, 'opening.csv');
    writeFileSync(file, 'account,amount\nassets:bank,"£2,000.50"\nliabilities:owed,-150.25\n');
    const service = await startService({ KINDLING_DB: db });
    try {
      const env = { KINDLING_TOKEN: token };
      const args = ['import', file, '--alliance', 'hastings', '--url', service.url];
      const noDate = await runScript('src/admin.ts', args, env);
      expect(noDate.code).toBe(1);
      expect(noDate.stderr).toContain('--date');
      const res = await runScript('src/admin.ts', [...args, '--date', '2026-04-01'], env);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toMatch(/every one of 3 accounts ties to the penny/);
      const equity = await fetch(
        `${service.url}/v1/accounts/alliance:hastings:equity:opening-balances`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect((await equity.json()).normalBalance).toBe('1850.25');
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  }, 240_000);

  it('refuses what it cannot read, naming the line, and writes nothing', async () => {
    const db = join(dir, 'bad.sqlite');
    await seedDatabase(db, 'worthing');
    const file = join(dir, 'bad.journal');
    writeFileSync(
      file,
      '2026-03-01 Fine\n    assets:bank  £5\n    equity:x\n\n2026-03-02 Not fine\n    assets:bank  5 EUR\n    equity:x\n',
    );
    const res = await runScript('src/admin.ts', ['import', file, '--alliance', 'worthing'], {
      KINDLING_DB: db,
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('line 6');
    const { sqlite } = openSqlite({ path: db, readonly: true });
    expect((sqlite.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n).toBe(0);
    sqlite.close();
  }, 120_000);
});

describe('reading hledger amounts and transactions', () => {
  it('reads pounds as hledger writes them', () => {
    expect(poundsToPence('£1,234.56', 1)).toBe(123456);
    expect(poundsToPence('-£5', 1)).toBe(-500);
    expect(poundsToPence('£-5.10', 1)).toBe(-510);
    expect(poundsToPence('12.5 GBP', 1)).toBe(1250);
    expect(() => poundsToPence('£1.234', 7)).toThrow(/line 7/);
    expect(() => poundsToPence('3 @ £2', 7)).toThrow(/prices/);
  });

  it('infers the one posting left without an amount and refuses unbalanced ones', () => {
    const [t] = parseHledgerJournal('2026-01-01 x\n  assets:a  £3.33\n  equity:b\n');
    expect(t!.postings).toEqual([
      { account: 'assets:a', amountMinor: 333 },
      { account: 'equity:b', amountMinor: -333 },
    ]);
    expect(() => parseHledgerJournal('2026-01-01 x\n  assets:a  £3\n  equity:b  -£2\n')).toThrow(
      /line 1: the postings sum/,
    );
    expect(() => parseHledgerJournal('include other.journal\n')).toThrow(/line 1/);
  });
});
