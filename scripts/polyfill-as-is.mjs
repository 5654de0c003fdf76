/** An esbuild plugin, used by build.mjs and by the bench's unminified rebuild. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * webextension-polyfill is a CommonJS module. Imported as one, esbuild copies
 * each property of its exports onto a new object (__toESM). Where the browser
 * has a native `browser` namespace (Chromium 156, Firefox) the polyfill exports
 * that very object, and reading each of its properties builds every extension
 * API's bindings: about 5 ms of the popup's first paint, for APIs it never
 * calls. This gives every importer the module's own object instead.
 */
const POLYFILL_NS = 'polyfill-as-is';
/** @type {import('esbuild').Plugin} */
export const polyfillAsIs = {
  name: POLYFILL_NS,
  setup(build) {
    build.onResolve({ filter: /^webextension-polyfill$/ }, (args) =>
      args.namespace === POLYFILL_NS ? undefined : { path: 'webextension-polyfill', namespace: POLYFILL_NS },
    );
    build.onLoad({ filter: /.*/, namespace: POLYFILL_NS }, () => ({
      contents: "const polyfill = require('webextension-polyfill');\nexport default polyfill;\n",
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};
