import { defineConfig } from 'vitest/config';

// Two projects: `unit` tests sit beside the code and need no database server;
// `integration` tests under test/ run against whichever database DATABASE_URL selects
// (the embedded PGlite when unset).
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
    ],
  },
});
