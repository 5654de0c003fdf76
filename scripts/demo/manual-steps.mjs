/** How to load the build by hand, for when the demo cannot start a browser itself. */

/**
 * @param {{ chrome: string, firefox: string, demoUrl: string | null }} where
 * @returns {string}
 */
export function manualSteps({ chrome, firefox, demoUrl }) {
  const tryIt = demoUrl
    ? `Try it on the demo site
  1. Pin Session Watch to the toolbar (it starts in the puzzle-piece Extensions
     menu), click its icon, then "Open options".
  2. Add the domain 127.0.0.1 and allow access to it when the browser asks.
  3. Open ${demoUrl}
     and press "Log in", then click the Session Watch icon: the popup shows the
     demo's session cookie and the time it has left. The page explains the rest.`
    : `Try it
  1. Pin Session Watch to the toolbar (it starts in the puzzle-piece Extensions
     menu), click its icon, then "Open options".
  2. Add a domain you are logged into, e.g. github.com, and allow access to it
     when the browser asks.
  3. Open that site in a tab and click the Session Watch icon again: the popup
     lists the site's session cookies and the time each one has left.`;
  return `Load Session Watch into a browser by hand:

Chrome or Chromium
  1. Open chrome://extensions
  2. Turn on "Developer mode" (top right)
  3. Click "Load unpacked" and choose
       ${chrome}
  After a rebuild, click the reload arrow on the extension's card.

Firefox (128 or later)
  1. Open about:debugging#/runtime/this-firefox
  2. Click "Load Temporary Add-on..." and choose
       ${firefox}
  Firefox removes a temporary add-on when it quits; after a rebuild, click "Reload".

${tryIt}

Rebuild on every change with: node build.mjs --watch
`;
}
