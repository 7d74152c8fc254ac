import type { ProblemCodeWith } from '../core/problem-codes.js';

/**
 * Storage faults: the database could not do what it was asked, through no fault of the request.
 * They answer 503 with their own codes so an operator (and a client deciding whether to retry)
 * can tell a full disk from a read-only file from a damaged one. Recognised by SQLite's result
 * codes (better-sqlite3 sets `code`) or, on D1, by the message text it passes on; both are
 * searched down the `cause` chain because drizzle wraps the driver's error.
 */
export interface StorageFault {
  code: ProblemCodeWith<503>;
  title: string;
  detail: string;
  /** Seconds; only where trying again can succeed without anyone stepping in. */
  retryAfterSeconds: number | null;
  /** The driver's own words, for the log (never sent to the client). */
  cause: string;
}

const FAULTS: {
  test: RegExp;
  fault: Omit<StorageFault, 'cause'>;
}[] = [
  {
    test: /SQLITE_FULL|database or disk is full/i,
    fault: {
      code: 'storage_full',
      title: 'The database is full',
      detail:
        'The server has no room left to store this. Nothing was written; try again later (the operator has been told).',
      retryAfterSeconds: 60,
    },
  },
  {
    test: /SQLITE_READONLY|readonly database|read-only/i,
    fault: {
      code: 'storage_read_only',
      title: 'The database cannot be written',
      detail:
        'The server can read but not write its database. Nothing was written; the operator must fix it.',
      retryAfterSeconds: null,
    },
  },
  {
    test: /SQLITE_CORRUPT|SQLITE_NOTADB|disk image is malformed|file is not a database/i,
    fault: {
      code: 'storage_corrupt',
      title: 'The database is damaged',
      detail:
        'The server found its database damaged. Nothing was written; the operator must restore a backup.',
      retryAfterSeconds: null,
    },
  },
  {
    test: /SQLITE_BUSY|SQLITE_LOCKED|database is locked|overloaded/i,
    fault: {
      code: 'storage_busy',
      title: 'The database is busy',
      detail: 'The database is busy with other work. Nothing was written; try again shortly.',
      retryAfterSeconds: 1,
    },
  },
  {
    // D1's own transient faults (developers.cloudflare.com/d1/observability/debug-d1, "List of
    // D1_ERRORs"): the database's Durable Object restarted or could not be reached. Unlike the
    // SQLite faults above, the batch may already have been applied when the answer was lost, so
    // the client is told to retry with the same key rather than that nothing was written.
    test: /reset because its code was updated|caused object to be reset|Network connection lost|transient issue on remote node|client disconnected|exceeded its (memory|CPU time) limit and was reset/i,
    fault: {
      code: 'storage_unavailable',
      title: 'The database was unavailable',
      detail:
        'The database restarted or could not be reached while answering. The request may or may not have been written: send it again with the same Idempotency-Key, which answers a written request instead of writing it twice.',
      retryAfterSeconds: 5,
    },
  },
  {
    test: /SQLITE_IOERR|SQLITE_CANTOPEN|disk I\/O error|unable to open database/i,
    fault: {
      code: 'storage_io',
      title: 'The database could not be reached',
      detail:
        'The server could not read or write its database. Nothing was written; try again later.',
      retryAfterSeconds: 30,
    },
  },
];

export function storageFault(error: unknown): StorageFault | null {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    if (typeof e === 'object') {
      const { code, message } = e as { code?: unknown; message?: unknown };
      if (typeof code === 'string') parts.push(code);
      if (typeof message === 'string') parts.push(message);
      e = (e as { cause?: unknown }).cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  const text = parts.join(' | ');
  for (const { test, fault } of FAULTS) if (test.test(text)) return { ...fault, cause: text };
  return null;
}
