/**
 * Firefox's own (chrome-privileged) side, reached over WebDriver BiDi: with
 * `--remote-allow-system-access`, `browsingContext.getTree` with
 * `moz:scope: "chrome"` lists the browser window, and `script.evaluate` there
 * runs with the browser's privileges. That is what Firefox's own extension
 * tests use to suspend an event page (`extension.terminateBackground()`, as
 * the idle timeout does) and what lets the harness see every request and
 * notification of the extension, the background's included, which BiDi does
 * not report (its background page is no browsing context).
 * https://searchfox.org/mozilla-esr140/source/toolkit/components/extensions/parent/ext-backgroundPage.js
 */
import type { Browser } from 'puppeteer-core';

interface BidiConnection {
  send(method: string, params: unknown): Promise<{ result: unknown }>;
}

type EvaluateResult =
  { type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text: string } };

export interface FirefoxChrome {
  /**
   * Evaluates `source` (an expression, awaited when a promise) in the
   * browser window's privileged scope; its value must be a JSON string,
   * which comes back parsed.
   */
  evaluate<R>(source: string): Promise<R>;
}

export function firefoxChrome(browser: Browser): FirefoxChrome {
  // puppeteer-core's BiDi browser exposes its connection; its typed API has no chrome scope.
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection) throw new Error('this puppeteer-core browser has no BiDi connection');
  let context: string | null = null;
  const chromeContext = async (): Promise<string> => {
    if (context) return context;
    const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const found = (result as { contexts: { context: string; url: string }[] }).contexts.find((c) => c.url.startsWith('chrome://browser/'));
    if (!found) throw new Error(`no chrome browser window over BiDi: ${JSON.stringify(result)} (is --remote-allow-system-access on?)`);
    context = found.context;
    return context;
  };
  return {
    async evaluate<R>(source: string): Promise<R> {
      const { result } = await connection.send('script.evaluate', {
        expression: source,
        target: { context: await chromeContext() },
        awaitPromise: true,
        resultOwnership: 'none',
      });
      const r = result as EvaluateResult;
      if (r.type === 'exception') throw new Error(`in Firefox's chrome scope: ${r.exceptionDetails.text}`);
      if (r.result.type !== 'string' || typeof r.result.value !== 'string') {
        throw new Error(`Firefox's chrome scope answered ${JSON.stringify(r.result)}, not JSON text`);
      }
      return JSON.parse(r.result.value) as R;
    },
  };
}

/** The source of an expression for the Extension object of the add-on `id` (parent process). */
export function extensionSource(id: string): string {
  return `ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs').ExtensionParent.GlobalManager.getExtension(${JSON.stringify(id)})`;
}

/** Where the harness keeps what it records in the chrome window (it outlives every background page). */
export const CHROME_LOG = '__sessionWatchE2e';
