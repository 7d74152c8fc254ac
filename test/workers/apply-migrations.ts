import { applyD1Migrations, env } from 'cloudflare:test';

// Applies only what is not yet applied, so running it before every file is safe.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
