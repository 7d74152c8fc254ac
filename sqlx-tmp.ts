import { openSqlite } from './src/store/node-store.js';
import { entryStatements } from './src/store/entry-statements.js';
import { sealEntry } from './src/core/ledger/hash.js';
import { GENESIS } from './src/core/ledger/model.js';
import { sha256Hex } from './src/runtime/hash.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
const variant = process.argv[2] ?? 'full';
const dir = mkdtempSync('/tmp/sqlx-');
const { sqlite } = openSqlite({ path: join(dir, 'k.sqlite') });
const A = 'all_bench';
const codes = [`alliance:${A}:bank`, `alliance:${A}:expense`, `alliance:${A}:fund`];
const ins = sqlite.prepare("INSERT INTO accounts (code,type,normal_side,allow_negative,alliance_id,created_at) VALUES (?,?,?,?,?,?)");
const ids = [ins.run(codes[0],'asset','debit',1,A,'2026-01-01').lastInsertRowid, ins.run(codes[1],'expense','debit',0,A,'2026-01-01').lastInsertRowid, ins.run(codes[2],'fund','credit',0,A,'2026-01-01').lastInsertRowid].map(Number);
for (const v of variant.split(',')) {
  if (v.startsWith('drop:')) sqlite.exec(`DROP TRIGGER ${v.slice(5)}`);
  if (v.startsWith('dropidx:')) sqlite.exec(`DROP INDEX ${v.slice(8)}`);
  if (v.startsWith('cache:')) sqlite.pragma(`cache_size = ${v.slice(6)}`);
  if (v === 'mbfrom') sqlite.exec(`DROP TRIGGER entries_move_balances; CREATE TRIGGER entries_move_balances AFTER INSERT ON entries BEGIN
  UPDATE accounts SET balance_minor = balance_minor + t.s, posting_count = posting_count + t.c
    FROM (SELECT account_id AS aid, sum(amount_minor) AS s, count(*) AS c FROM postings WHERE entry_id = NEW.id GROUP BY account_id) AS t
   WHERE accounts.id = t.aid; END`);
  if (v === 'noawardidx') sqlite.exec('DROP INDEX accounts_award_owing');
  if (v === 'nochecks') {}
  if (v === 'ftfund') sqlite.exec(`DROP TRIGGER entries_fund_totals; CREATE TRIGGER entries_fund_totals AFTER INSERT ON entries BEGIN
  INSERT INTO account_days (account_id, day, net_minor)
  SELECT p.account_id, NEW.effective_date, p.amount_minor FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = NEW.id AND a.type = 'fund'
  ON CONFLICT DO UPDATE SET net_minor = net_minor + excluded.net_minor;
  INSERT INTO reason_totals (alliance_id, account, reason_code, net_minor)
  SELECT NEW.alliance_id, CASE WHEN a.code >= 'award:' AND a.code < 'award;' THEN 'award:' ELSE a.code END, NEW.reason_code, p.amount_minor
    FROM postings p JOIN accounts a ON a.id = p.account_id
   WHERE p.entry_id = NEW.id AND (a.type = 'fund' OR (a.code >= 'award:' AND a.code < 'award;'))
  ON CONFLICT DO UPDATE SET net_minor = net_minor + excluded.net_minor;
END`);
  if (v === 'perline') sqlite.exec(`DROP TRIGGER entries_move_balances; CREATE TRIGGER postings_move AFTER INSERT ON postings BEGIN
  UPDATE accounts SET balance_minor = balance_minor + NEW.amount_minor, posting_count = posting_count + 1 WHERE id = NEW.account_id; END`);
  if (v === 'nocheck') { sqlite.pragma('ignore_check_constraints = ON'); }
  if (v === 'nosecure') sqlite.pragma('secure_delete = OFF');
}
let head = GENESIS; let n = 0;
const amounts = [400, 300, -700];
function batch(k: number) {
  sqlite.prepare('BEGIN IMMEDIATE').run();
  for (let j = 0; j < k; j++) {
    const i = n++;
    const e = sealEntry(sha256Hex, head, { id: `ent_${String(i).padStart(12,'0')}`, allianceId: A, effectiveDate: '2026-05-01', recordedAt: '2026-05-02T10:00:00.000Z', description: `Bench entry ${i}`, actor: 'tok_x', reasonCode: 'manual_adjustment', reversesEntryId: null, postings: amounts.map((m, l) => ({ line: l + 1, accountCode: codes[l]!, accountId: ids[l], amountMinor: m })) });
    for (const s of entryStatements(e)) sqlite.prepare(s.sql).run(...(s.params as unknown[]));
    head = { seq: e.seq, hash: e.hash };
  }
  sqlite.prepare('COMMIT').run();
}
for (let b = 0; b < 2; b++) batch(1000);
const t0 = performance.now();
let commitless = 0;
for (let b = 0; b < 20; b++) batch(1000);
const ms = performance.now() - t0;
console.log(variant.padEnd(50), (ms * 1000 / 20000).toFixed(1), 'µs/entry');
sqlite.close(); rmSync(dir, { recursive: true });
