import { openSqlite } from '../../src/store/node-store.js';
const { sqlite } = openSqlite({ path: ':memory:' });
const q = (s: string) => console.log(s.slice(0, 90), '\n   ', (sqlite.prepare('EXPLAIN QUERY PLAN ' + s).all() as {detail:string}[]).map(r => r.detail).join(' | '));
q("SELECT 1 WHERE EXISTS (SELECT 1 FROM postings p JOIN accounts a ON a.id = p.account_id WHERE p.entry_id = 'x' AND a.alliance_id != 'y')");
q("SELECT (SELECT count(*) FROM postings WHERE entry_id = 'x'), (SELECT coalesce(sum(amount_minor),1) FROM postings WHERE entry_id = 'x')");
q("SELECT 1 WHERE EXISTS (SELECT 1 FROM postings WHERE entry_id = 'x' AND effective_date != '2025')");
q("SELECT coalesce((SELECT max(seq) FROM entries),0), (SELECT hash FROM entries ORDER BY seq DESC LIMIT 1)");
q("SELECT p.account_id, sum(p.amount_minor) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.alliance_id = 'b' AND p.effective_date <= '2026' GROUP BY p.account_id HAVING sum(p.amount_minor) != 0 ORDER BY a.code");
q("SELECT coalesce(sum(amount_minor),0) FROM postings WHERE account_id = 1 AND effective_date <= '2026'");
