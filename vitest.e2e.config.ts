import { defineConfig } from 'vitest/config';
import SmokeFirstSequencer from './test/e2e/harness/smoke-first.mjs';

// End-to-end tests drive real browsers (test/e2e/README.md): one file at a
// time, one browser at a time, so timings on a 2-core machine stay honest.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/harness/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // The smoke file first, then the rest by path (test/e2e/harness/smoke-first.mjs).
    sequence: { shuffle: false, sequencer: SmokeFirstSequencer },
  },
});
