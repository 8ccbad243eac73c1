import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'connectors/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // better-sqlite3 and child processes are heavier than threads; forks isolate native handles.
    pool: 'forks',
  },
});
