/** Who is asking, and the scope their token grants. */
export type Role = 'coordinator' | 'panel' | 'holder' | 'broker' | 'auditor';
export const ROLES: readonly Role[] = ['coordinator', 'panel', 'holder', 'broker', 'auditor'];

export interface Actor {
  /** The token's id (`tok_…`): what the ledger records as the actor. Never a person's name. */
  tokenId: string;
  role: Role;
  allianceId: string;
  /** Set for holder tokens: the budget holder this token speaks for. */
  holderId: string | null;
}

/** Everything a use case needs to know about the request, and nothing about HTTP. */
export interface ServiceContext {
  actor: Actor;
  /** The request's clock reading; the core never calls Date.now(). */
  now: Date;
  requestId: string;
}

/** Generates prefixed, time-sortable ids (`ent_…`). Injected so tests are deterministic. */
export type IdGenerator = (prefix: string) => string;

/** SHA-256 of a UTF-8 string, as lowercase hex. Synchronous so it can run inside a transaction. */
export type Hasher = (text: string) => string;
