import { defineConfig } from 'vitest/config';

// Three projects: `unit` tests sit beside the code and need no database server;
// `integration` tests under test/ run against whichever database DATABASE_URL selects
// (the embedded PGlite when unset); `browser` tests drive the built dashboards in Chromium
// (built once by its global setup; skipped, with one line saying so, without Chromium).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'warehouse/**/*.test.ts', 'pipelines/**/*.test.ts', 'cli/**/*.test.ts', 'dashboards/lib/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['dashboards/test/**/*.test.ts'],
          globalSetup: ['dashboards/test/build-app.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
