import type {
  AccountBalanceRow,
  Checkpoint,
  CheckpointStore,
  NewCheckpoint,
} from '../core/ledger/checkpoints.js';
import type { Entry } from '../core/ledger/model.js';
import { pence } from './pence.js';
import { entriesWithPostings } from './rows.js';
import { translateError, type AnyDb, type Committer } from './sqlite-store.js';

const COLUMNS =
  'id, kind, phase, previous_id AS previousId, from_seq AS fromSeq, through_seq AS throughSeq, through_hash AS throughHash, through_account AS throughAccount, chain_ok AS chainOk, ok, tallies, checked_at AS checkedAt, checked_by AS checkedBy';

type Raw = Omit<Checkpoint, 'chainOk' | 'ok' | 'tallies'> & {
  chainOk: number;
  ok: number;
  tallies: string;
};
const fromRaw = (r: Raw): Checkpoint => ({
  ...r,
  chainOk: Boolean(r.chainOk),
  ok: Boolean(r.ok),
  tallies: JSON.parse(r.tallies),
});

// The posted balance of an account, summed on the (account, date, id, amount) index alone.
const POSTED =
  '(SELECT coalesce(sum(p.amount_minor), 0) FROM postings p WHERE p.account_id = a.id)';
const BALANCE_COLUMNS = `a.id, a.code, a.alliance_id AS allianceId, a.balance_minor AS storedMinor, ${POSTED} AS postedMinor`;
const toBalance = (r: AccountBalanceRow): AccountBalanceRow => ({
  ...r,
  storedMinor: pence(r.storedMinor),
  postedMinor: pence(r.postedMinor),
});

/** Verification checkpoints in SQLite, the same SQL on Node and D1. */
export class SqliteCheckpointStore implements CheckpointStore {
  constructor(
    private readonly db: AnyDb,
    private readonly committer: Committer,
  ) {}

  private async one(where: string, params: unknown[]): Promise<Checkpoint | null> {
    const rows = await this.committer.read<Raw>({
      sql: `SELECT ${COLUMNS} FROM ledger_checkpoints ${where} LIMIT 1`,
      params,
    });
    return rows[0] ? fromRaw(rows[0]) : null;
  }

  latestGood(): Promise<Checkpoint | null> {
    return this.one('WHERE ok = 1 ORDER BY through_seq DESC, id DESC', []);
  }

  get(id: number): Promise<Checkpoint | null> {
    return this.one('WHERE id = ?', [id]);
  }

  async record(checkpoint: NewCheckpoint): Promise<Checkpoint> {
    const c = checkpoint;
    const row = [
      c.kind,
      c.phase,
      c.previousId,
      c.fromSeq,
      c.throughSeq,
      c.throughHash,
      c.throughAccount,
      c.chainOk ? 1 : 0,
      c.ok ? 1 : 0,
      JSON.stringify(c.tallies),
      c.checkedAt,
      c.checkedBy,
    ];
    try {
      await this.committer.commit((head) => ({
        statements: [
          {
            sql: 'INSERT INTO ledger_checkpoints (kind, phase, previous_id, from_seq, through_seq, through_hash, through_account, chain_ok, ok, tallies, checked_at, checked_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
            params: row,
          },
        ],
        head,
      }));
    } catch (error) {
      throw translateError(error);
    }
    // Appended by this writer a moment ago: the newest row with these facts is this one.
    const saved = await this.one(
      'WHERE checked_at = ? AND checked_by = ? AND through_seq = ? ORDER BY id DESC',
      [c.checkedAt, c.checkedBy, c.throughSeq],
    );
    if (!saved) throw new Error('checkpoint not found after it was recorded');
    return saved;
  }

  async entryAt(seq: number) {
    const rows = await this.committer.read<{
      seq: number;
      hash: string;
      id: string;
      allianceId: string;
    }>({
      sql: 'SELECT seq, hash, id, alliance_id AS allianceId FROM entries WHERE seq = ?',
      params: [seq],
    });
    return rows[0] ?? null;
  }

  chainPage(afterSeq: number, limit: number): Promise<Entry[]> {
    return entriesWithPostings(this.db, { allianceId: null, afterSeq, toSeq: null, limit });
  }

  async balancePage(afterId: number, limit: number) {
    const rows = await this.committer.read<AccountBalanceRow>({
      sql: `SELECT ${BALANCE_COLUMNS} FROM accounts a WHERE a.id > ? ORDER BY a.id LIMIT ?`,
      params: [afterId, limit],
    });
    return rows.map(toBalance);
  }
}
