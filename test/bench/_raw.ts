import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
const db = new Database(':memory:');
db.pragma('foreign_keys = ' + (process.argv[2] ?? 'ON'));
db.exec(readFileSync('drizzle/0000_ledger.sql', 'utf8'));
db.exec(readFileSync('drizzle/0001_ledger_triggers.sql', 'utf8'));
db.prepare("INSERT INTO accounts (code,type,normal_side,allow_negative,alliance_id,created_at) VALUES ('a:b:c','asset','debit',1,'b','x'),('a:b:d','income','credit',1,'b','x')").run();
const ip = db.prepare("INSERT INTO postings (entry_id,line,account_id,amount_minor,effective_date) VALUES (?,?,(SELECT id FROM accounts WHERE code = ?),?,?)");
const ie = db.prepare("INSERT INTO entries (id,seq,alliance_id,effective_date,recorded_at,description,actor,reason_code,reverses_entry_id,posting_count,prev_hash,hash) VALUES (?,?,?,?,?,?,?,?,NULL,2,?,?)");
let tp = 0, te = 0; let prev = '0'.repeat(64);
db.exec('BEGIN');
for (let i = 1; i <= 6000; i++) {
  const id = 'ent_' + String(i).padStart(6, '0'); const h = String(i).padStart(64, '0');
  let t = performance.now();
  ip.run(id, 1, 'a:b:c', 5, '2025-01-01'); ip.run(id, 2, 'a:b:d', -5, '2025-01-01');
  tp += performance.now() - t; t = performance.now();
  ie.run(id, i, 'b', '2025-01-01', 'x', 'd', 't', 'r', prev, h);
  te += performance.now() - t; prev = h;
  if (i % 2000 === 0) { console.log(i, 'postings', tp.toFixed(0), 'entries', te.toFixed(0)); tp = te = 0; }
}
db.exec('COMMIT');
