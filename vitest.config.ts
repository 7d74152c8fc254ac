import { defineConfig } from 'vitest/config';

// `npm test` runs three projects: the Node suite (better-sqlite3), the same contract suite inside
// workerd against D1 (see vitest.workers.config.ts), and the browser suite (Debian's Chromium
// driving the real app over HTTP; test/browser/support/browser.ts says what happens without it).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'test/bench/**', 'test/browser/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      './vitest.workers.config.ts',
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machines have two cores and a browser each is plenty.
          fileParallelism: false,
        },
      },
    ],
  },
});
