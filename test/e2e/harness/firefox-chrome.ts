/**
 * Firefox's own (chrome-privileged) side, reached over WebDriver BiDi
 * (scripts/firefox-chrome.mjs, shared with the bench), and what the harness
 * evaluates there.
 */
export { firefoxChrome, type FirefoxChrome } from '../../../scripts/firefox-chrome.mjs';

/** The source of an expression for the Extension object of the add-on `id` (parent process). */
export function extensionSource(id: string): string {
  return `ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs').ExtensionParent.GlobalManager.getExtension(${JSON.stringify(id)})`;
}

/** Where the harness keeps what it records in the chrome window (it outlives every background page). */
export const CHROME_LOG = '__sessionWatchE2e';
