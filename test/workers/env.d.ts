// The little of the Workers test API these tests use, declared here so the project needs no
// Workers type package (whose globals clash with the DOM and Node types).
declare module 'cloudflare:test' {
  export const env: { DB: unknown; TEST_MIGRATIONS: unknown[] };
  export function applyD1Migrations(db: unknown, migrations: unknown[]): Promise<void>;
}
