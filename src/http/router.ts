import type { AccessLogStore } from '../core/access-log.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Actor, Hasher, IdGenerator, ServiceContext } from '../core/context.js';
import { fieldProblems, validationFailed } from '../core/input.js';
import type { BudgetsStore } from '../core/budgets/store.js';
import type { StatementsStore } from '../core/statements/store.js';
import type { SparksStore } from '../core/sparks/store.js';
import type { SignInStore } from '../core/sign-in/model.js';
import type { PrivacyStore } from '../core/privacy/store.js';
import type { Store } from '../core/store.js';
import type { RemindersStore } from '../core/reminders/store.js';
import type { Logger } from './log.js';

export interface AppDeps {
  store: Store &
    AccessLogStore & {
      sparks: SparksStore;
      budgets: BudgetsStore;
      statements: StatementsStore;
      signIn: SignInStore;
      reminders: RemindersStore;
      privacy: PrivacyStore;
    };
  hasher: Hasher;
  ids: IdGenerator;
  clock: () => Date;
  /** Structured log lines; console JSON when not given (what Workers collect). */
  log?: Logger;
  /** A monotonic clock in milliseconds for request durations (performance.now by default). */
  elapsed?: () => number;
  /** Believe X-Forwarded-Proto from a proxy in front (see pages/guard.ts); off by default. */
  trustForwardedProto?: boolean | undefined;
  /** The address a request came from (the Node socket); for throttling wrong sign-in codes. */
  clientAddress?: ((c: Context) => string | undefined) | undefined;
}

export type AppEnv = { Variables: { actor: Actor; requestId: string; logger: Logger } };

/** Every router shares one validation hook, so a bad field reads the same everywhere. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationFailed(fieldProblems(result.error.issues));
    },
  });
}

export function serviceContext(c: Context<AppEnv>, deps: AppDeps): ServiceContext {
  return { actor: c.get('actor'), now: deps.clock(), requestId: c.get('requestId') };
}
