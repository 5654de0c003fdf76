import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit, worker and component tests. The real `webextension-polyfill` throws
// outside an extension, so every import of it resolves to the in-memory fake.
export default defineConfig({
  resolve: {
    alias: {
      'webextension-polyfill': fileURLToPath(new URL('./test/fakes/browser.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    setupFiles: ['test/setup.ts'],
  },
});
