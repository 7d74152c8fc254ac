// The little of the Workers test API these tests use, declared here so the project needs no
// Workers type package (whose globals clash with the DOM and Node types).
declare module 'cloudflare:test' {
  export const env: { DB: unknown; TEST_MIGRATIONS: unknown[] };
  export function applyD1Migrations(db: unknown, migrations: unknown[]): Promise<void>;
  export interface ExecutionContext {
    waitUntil(promise: Promise<unknown>): void;
  }
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: number; cron?: string }): {
    scheduledTime: number;
    cron: string;
  };
}
