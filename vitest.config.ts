import { defineConfig } from 'vitest/config';

// `npm test` runs both projects: the Node suite (better-sqlite3) and the same contract suite
// inside workerd against D1 (see vitest.workers.config.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/bench/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      './vitest.workers.config.ts',
    ],
  },
});
