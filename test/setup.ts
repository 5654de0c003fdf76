// Shared test setup: nothing global yet beyond the polyfill alias in vitest.config.ts.
export {};
