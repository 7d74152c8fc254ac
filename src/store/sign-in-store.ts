import type { Session, SignInCode, SignInStore, SignInWrite } from '../core/sign-in/model.js';
import type { Page } from '../core/paging.js';
import type { Committer, Statement } from './sqlite-store.js';

const CODE_COLUMNS =
  'id, code_hash AS codeHash, alliance_id AS allianceId, role, holder_id AS holderId, person_name AS personName, issued_by AS issuedBy, created_at AS createdAt, expires_at AS expiresAt, used_at AS usedAt, withdrawn_at AS withdrawnAt, replaces_id AS replacesId';
const SESSION_COLUMNS =
  'id, secret_hash AS secretHash, alliance_id AS allianceId, role, holder_id AS holderId, code_id AS codeId, token_id AS tokenId, created_at AS createdAt, expires_at AS expiresAt, ended_at AS endedAt, last_used_at AS lastUsedAt';

/** Wrong-code rows older than this are pruned as new ones arrive. */
const KEEP_FAILURES_MS = 24 * 3_600_000;

/** Sign-in codes and sessions in SQLite (Node and D1 alike): plain SQL, one statement per step. */
export class SqliteSignInStore implements SignInStore {
  constructor(private readonly committer: Pick<Committer, 'read'>) {}

  private async one<T>(sql: string, params: unknown[]): Promise<T | null> {
    return (await this.committer.read<T>({ sql, params }))[0] ?? null;
  }

  findCodeByHash(codeHash: string) {
    return this.one<SignInCode>(
      `SELECT ${CODE_COLUMNS} FROM sign_in_codes WHERE code_hash = ? LIMIT 1`,
      [codeHash],
    );
  }

  getCode(id: string) {
    return this.one<SignInCode>(`SELECT ${CODE_COLUMNS} FROM sign_in_codes WHERE id = ?`, [id]);
  }

  listCodes(allianceId: string, now: string, page: Page) {
    const before = page.after;
    return this.committer.read<SignInCode & { openSessions: number }>({
      sql: `SELECT ${CODE_COLUMNS}, (SELECT count(*) FROM sessions s WHERE s.code_id = sign_in_codes.id AND s.ended_at IS NULL AND s.expires_at > ?) AS openSessions FROM sign_in_codes WHERE alliance_id = ? ${before ? 'AND (created_at < ? OR (created_at = ? AND id < ?))' : ''} ORDER BY created_at DESC, id DESC LIMIT ?`,
      params: [
        now,
        allianceId,
        ...(before ? [before.key, before.key, before.id] : []),
        page.limit + 1,
      ],
    });
  }

  findSessionByHash(secretHash: string) {
    return this.one<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE secret_hash = ?`, [
      secretHash,
    ]);
  }

  getSession(id: string) {
    return this.one<Session>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`, [id]);
  }

  async failuresSince(address: string, since: string): Promise<string[]> {
    const rows = await this.committer.read<{ at: string }>({
      sql: 'SELECT at FROM sign_in_failures WHERE address = ? AND at > ? ORDER BY at',
      params: [address, since],
    });
    return rows.map((r) => r.at);
  }
}

export function signInStatements(write: SignInWrite): Statement[] {
  switch (write.kind) {
    case 'sign_in_code': {
      const c = write.code;
      return [
        {
          sql: 'INSERT INTO sign_in_codes (id, code_hash, alliance_id, role, holder_id, person_name, issued_by, created_at, expires_at, used_at, withdrawn_at, replaces_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          params: [
            c.id,
            c.codeHash,
            c.allianceId,
            c.role,
            c.holderId,
            c.personName,
            c.issuedBy,
            c.createdAt,
            c.expiresAt,
            c.usedAt,
            c.withdrawnAt,
            c.replacesId,
          ],
        },
      ];
    }
    case 'sign_in_code_withdrawn':
      // A trigger ends the code's sessions in the same transaction.
      return [
        {
          sql: 'UPDATE sign_in_codes SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL',
          params: [write.at, write.codeId],
        },
      ];
    case 'session_started': {
      const s = write.session;
      return [
        // The trigger refuses a code already used, withdrawn or expired; the session's own
        // trigger refuses to start unless this statement just marked its code.
        ...(s.codeId
          ? [
              {
                sql: 'UPDATE sign_in_codes SET used_at = ? WHERE id = ?',
                params: [s.createdAt, s.codeId],
              },
            ]
          : []),
        {
          sql: 'INSERT INTO sessions (id, secret_hash, alliance_id, role, holder_id, code_id, token_id, created_at, expires_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
          params: [
            s.id,
            s.secretHash,
            s.allianceId,
            s.role,
            s.holderId,
            s.codeId,
            s.tokenId,
            s.createdAt,
            s.expiresAt,
          ],
        },
      ];
    }
    case 'session_ended':
      return [
        {
          sql: 'UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL',
          params: [write.at, write.sessionId],
        },
      ];
    case 'session_used':
      return [
        {
          sql: 'UPDATE sessions SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)',
          params: [write.at, write.sessionId, write.at],
        },
      ];
    case 'sign_in_failure':
      return [
        {
          sql: 'DELETE FROM sign_in_failures WHERE address = ? AND at < ?',
          params: [write.address, new Date(Date.parse(write.at) - KEEP_FAILURES_MS).toISOString()],
        },
        {
          sql: 'INSERT INTO sign_in_failures (address, at) VALUES (?, ?)',
          params: [write.address, write.at],
        },
      ];
  }
}
