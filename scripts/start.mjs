#!/usr/bin/env node
// `npm start` builds first, then runs this: how to load the fresh build into
// Chrome and Firefox by hand, and what to try once it is loaded.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chrome = join(root, 'dist', 'chrome');
const firefox = join(root, 'dist', 'firefox');

for (const dir of [chrome, firefox]) {
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.error(`${dir} has no manifest.json yet: run \`npm start\` (or \`node build.mjs\`) first.`);
    process.exit(1);
  }
}

console.log(`
Session Watch is built. Load it into a browser:

Chrome or Chromium
  1. Open chrome://extensions
  2. Turn on "Developer mode" (top right)
  3. Click "Load unpacked" and choose
       ${chrome}
  After a rebuild, click the reload arrow on the extension's card.

Firefox (128 or later)
  1. Open about:debugging#/runtime/this-firefox
  2. Click "Load Temporary Add-on..." and choose
       ${join(firefox, 'manifest.json')}
  Firefox removes a temporary add-on when it quits; after a rebuild, click "Reload".

Try it
  1. Pin Session Watch to the toolbar (it starts in the puzzle-piece Extensions
     menu), click its icon, then "Open options".
  2. Add a domain you are logged into, e.g. github.com, and allow access to it
     when the browser asks.
  3. Open that site in a tab and click the Session Watch icon again: the popup
     lists the site's session cookies and the time each one has left.

Rebuild on every change with: node build.mjs --watch
`);
