import type { Hasher, ServiceContext } from './context.js';
import { conflict, precondition } from './errors.js';
import { canonicalJson } from './ledger/hash.js';
import { LIMITS } from './ledger/model.js';
import {
  StoreRejection,
  type BookDates,
  type IdempotencyRecord,
  type Store,
  type Write,
} from './store.js';

export interface Outcome {
  status: number;
  body: unknown;
}

export interface IdempotentRequest {
  /** The client's Idempotency-Key header, or null/undefined when it sent none. */
  key: string | null | undefined;
  /** Names the operation and its target, e.g. `post_entry` or `reverse_entry:ent_…`. */
  operation: string;
  /** The validated request body; its canonical JSON is what "the same request" means. */
  input: unknown;
  /**
   * Read the actor's alliance's book dates with the record, in the same statement, and hand them
   * to `perform`: posting an entry checks them, and one read costs less than two.
   */
  withBookDates?: boolean;
}

const KEY_PATTERN = /^[\x21-\x7e]+$/;

export function requireIdempotencyKey(key: string | null | undefined): string {
  if (key === null || key === undefined || key === '') {
    throw precondition(
      'idempotency_key_required',
      'Requests that move money need an Idempotency-Key header (for example a UUID), so a retry never pays twice.',
    );
  }
  if (key.length > LIMITS.idempotencyKeyChars || !KEY_PATTERN.test(key)) {
    throw precondition(
      'idempotency_key_invalid',
      `The Idempotency-Key must be 1 to ${LIMITS.idempotencyKeyChars} printable ASCII characters without spaces.`,
    );
  }
  return key;
}

/**
 * Keys belong to the token that sent them: the stored key is the token id and the client's key
 * (a space cannot occur in either), so another token's identical key is simply a new key. It
 * gets no replay of someone else's answer and no 409 that would tell it the key exists.
 */
export function tokenScopedKey(tokenId: string, key: string): string {
  return `${tokenId} ${key}`;
}

/**
 * Runs a money-moving operation at most once per (alliance, token, key). Callers check the
 * token's access to the operation before calling, so a replay is only ever sent to a token
 * that may still do it. The record of the response is one of the writes of the operation's own
 * batch, so "paid" and "remembered" cannot come apart; the primary key on the record is what
 * settles two identical requests racing each other.
 */
export async function runIdempotent(
  deps: { store: Store; hasher: Hasher },
  ctx: ServiceContext,
  request: IdempotentRequest,
  perform: (remember: (outcome: Outcome) => Write, books: BookDates | null) => Promise<Outcome>,
): Promise<Outcome & { replayed: boolean }> {
  const key = tokenScopedKey(ctx.actor.tokenId, requireIdempotencyKey(request.key));
  const fingerprint = deps.hasher(`${request.operation}\n${canonicalJson(request.input)}`);
  const allianceId = ctx.actor.allianceId;

  let books: BookDates | null = null;
  let earlier: IdempotencyRecord | null;
  if (request.withBookDates) {
    const read = await deps.store.idempotencyWithBookDates(allianceId, key);
    earlier = read.record;
    books = read.books;
  } else earlier = await deps.store.getIdempotency(allianceId, key);
  if (earlier) return replay(earlier, fingerprint);

  const remember = (outcome: Outcome): Write => ({
    kind: 'idempotency',
    record: {
      allianceId,
      key,
      fingerprint,
      status: outcome.status,
      responseJson: JSON.stringify(outcome.body),
      createdAt: ctx.now.toISOString(),
    },
  });
  try {
    return { ...(await perform(remember, books)), replayed: false };
  } catch (error) {
    if (error instanceof StoreRejection && error.reason === 'idempotency_key_taken') {
      const winner = await deps.store.getIdempotency(allianceId, key);
      if (winner) return replay(winner, fingerprint);
    }
    throw error;
  }
}

function replay(record: IdempotencyRecord, fingerprint: string): Outcome & { replayed: true } {
  if (record.fingerprint !== fingerprint) {
    throw conflict(
      'idempotency_key_reused',
      'Idempotency key already used',
      'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
    );
  }
  return {
    status: record.status,
    body: JSON.parse(record.responseJson) as unknown,
    replayed: true,
  };
}

/** How a route asks for a create to run at most once: the key, and how to say it was replayed. */
export interface Once {
  key: string | null | undefined;
  replayed?: () => void;
}

/**
 * What is remembered of a create that holds a person's words: only the new record's id. A replay
 * reads the record again, so erasing the person's data erases it from every replay too, and the
 * idempotency table never becomes a second copy of what they said.
 */
export interface Reread<T> {
  keep: (body: T) => { id: string };
  reread: (kept: { id: string }) => Promise<T>;
}

/**
 * Requests that move no money (creating people, budgets, pools, applicants, applications,
 * sittings, alliances, accounts; withdrawals, conflicts, follow-ups, erasures...): the
 * Idempotency-Key is optional. With one, the request runs at most once per token and key, its
 * answer is remembered in the same batch as the records it writes (so a crash cannot keep one
 * without the other), and a retry gets that answer again with the status it first had. Without
 * one, it simply runs. Callers check the token's access first, as for runIdempotent, and keep
 * every check of the current state inside `perform`: a replay must not be refused because the
 * first request already changed that state.
 */
export async function createOnce<T>(
  deps: { store: Store; hasher: Hasher },
  ctx: ServiceContext,
  once: Once | undefined,
  request: { operation: string; input: unknown; status?: 200 | 201 },
  perform: (remember: (body: T) => Write[]) => Promise<T>,
  personal?: Reread<T>,
): Promise<T> {
  if (!once || once.key === null || once.key === undefined || once.key === '')
    return perform(() => []);
  const status = request.status ?? 201;
  const outcome = await runIdempotent(
    deps,
    ctx,
    { key: once.key, operation: request.operation, input: request.input },
    async (remember) => ({
      status,
      body: await perform((answer) => [
        remember({ status, body: personal ? personal.keep(answer) : answer }),
      ]),
    }),
  );
  if (!outcome.replayed) return outcome.body as T;
  once.replayed?.();
  return personal ? personal.reread(outcome.body as { id: string }) : (outcome.body as T);
}

/** The usual Reread: remember the record's id, read it back (as the caller may see it now). */
export function rereadById<T extends { id: string }>(
  reread: (id: string) => Promise<T>,
): Reread<T> {
  return { keep: (body) => ({ id: body.id }), reread: (kept) => reread(kept.id) };
}
