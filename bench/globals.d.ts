/**
 * What the bench's browser-side code finds on its globals: Chromium's own
 * extension API (MV3's `chrome.*` returns promises, so the polyfill's types
 * fit), the marks the init script (lib/init-script.mjs) leaves on each page,
 * the helpers of the setup page (pages/setup.js), and the idle scenario's
 * clock in the worker. The scripts' demo pages use `chrome` too.
 * Declared globally, so src/ could name them as well: ESLint's
 * no-restricted-globals keeps src/ off them (eslint.config.js).
 */
import type { Browser } from 'webextension-polyfill';
import type { BenchSetup } from './pages/setup.js';

declare global {
  var chrome: Browser;
  /** Firefox's name for the same API, in the Firefox runs (scenarios/firefox.mjs). */
  var browser: Browser;
  var benchSetup: BenchSetup;
  var __bench: {
    /** When the page marked itself ready, on its own clock; null until then. */
    ready: number | null;
    rowsAtReady: number | null;
    longTasks: { start: number; duration: number }[];
    afterFrame: () => Promise<void>;
    whenReady: Promise<number>;
  };
  var __benchIdle: { offset: number; timeouts: number; intervals: number; realNow: () => number };
}
