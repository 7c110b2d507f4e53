import { defineConfig } from 'vitest/config';

// The e2e suite drives real browsers: one file at a time, generous timeouts, conditions not sleeps.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.spec.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Conditions that cross page, bridge, worker, IndexedDB and UI can take seconds on 2 cores.
    expect: { poll: { timeout: 10_000, interval: 50 } },
  },
});
