import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
const parts: Record<string, string> = {
  chain: `SELECT RAISE(ABORT, 'chain_conflict') WHERE NEW.seq != coalesce((SELECT max(seq) FROM entries), 0) + 1 OR NEW.prev_hash != coalesce((SELECT hash FROM entries ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000');`,
  chainMax: `SELECT RAISE(ABORT, 'chain_conflict') WHERE NEW.seq != coalesce((SELECT max(seq) FROM entries), 0) + 1;`,
  chainHash: `SELECT RAISE(ABORT, 'chain_conflict') WHERE NEW.prev_hash != coalesce((SELECT hash FROM entries ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000');`,
  unbalanced: `SELECT RAISE(ABORT, 'entry_unbalanced') WHERE (SELECT count(*) FROM postings WHERE entry_id = NEW.id) != NEW.posting_count OR (SELECT coalesce(sum(amount_minor), 1) FROM postings WHERE entry_id = NEW.id) != 0 OR EXISTS (SELECT 1 FROM postings WHERE entry_id = NEW.id AND effective_date != NEW.effective_date);`,
  cross: `SELECT RAISE(ABORT, 'cross_alliance') WHERE EXISTS (SELECT 1 FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = NEW.id AND a.alliance_id != NEW.alliance_id);`,
  reversal: `SELECT RAISE(ABORT, 'reversal_mismatch') WHERE NEW.reverses_entry_id IS NOT NULL AND (NOT EXISTS (SELECT 1 FROM entries WHERE id = NEW.reverses_entry_id AND reverses_entry_id IS NULL) OR EXISTS (SELECT 1 FROM (SELECT sum(amount_minor) AS net FROM postings WHERE entry_id IN (NEW.id, NEW.reverses_entry_id) GROUP BY account_id) WHERE net != 0));`,
};
parts.all = [parts.chain, parts.unbalanced, parts.cross, parts.reversal].join('\n');
parts.chainUnb = [parts.chain, parts.unbalanced].join('\n');
parts.chainCross = [parts.chain, parts.cross].join('\n');
parts.chainRev = [parts.chain, parts.reversal].join('\n');
parts.unbRev = [parts.unbalanced, parts.reversal].join('\n');
for (const name of Object.keys(parts)) {
  const db = new Database(':memory:');
  db.exec(readFileSync('drizzle/0000_ledger.sql', 'utf8'));
  db.exec(`CREATE TRIGGER t BEFORE INSERT ON entries BEGIN ${parts[name]} END;`);
  db.prepare("INSERT INTO accounts (code,type,normal_side,allow_negative,alliance_id,created_at) VALUES ('a:b:c','asset','debit',1,'b','x'),('a:b:d','income','credit',1,'b','x')").run();
  const ip = db.prepare("INSERT INTO postings (entry_id,line,account_id,amount_minor,effective_date) VALUES (?,?,?,?,?)");
  const ie = db.prepare("INSERT INTO entries (id,seq,alliance_id,effective_date,recorded_at,description,actor,reason_code,reverses_entry_id,posting_count,prev_hash,hash) VALUES (?,?,?,?,?,?,?,?,NULL,2,?,?)");
  let prev = '0'.repeat(64); let te = 0;
  db.exec('BEGIN');
  for (let i = 1; i <= 4000; i++) {
    const id = 'ent_' + String(i).padStart(6, '0'); const h = String(i).padStart(64, '0');
    ip.run(id, 1, 1, 5, '2025-01-01'); ip.run(id, 2, 2, -5, '2025-01-01');
    const t = performance.now(); ie.run(id, i, 'b', '2025-01-01', 'x', 'd', 't', 'r', prev, h); te += performance.now() - t; prev = h;
  }
  db.exec('COMMIT');
  console.log(name.padEnd(12), te.toFixed(0), 'ms for 4000 entries');
}
