/**
 * Firefox's own (chrome-privileged) side, reached over WebDriver BiDi, for
 * the end-to-end harness and the bench: with `--remote-allow-system-access`,
 * `browsingContext.getTree` with `moz:scope: "chrome"` lists the browser
 * window, and `script.evaluate` there runs with the browser's privileges.
 * That is what Firefox's own extension tests use to suspend an event page
 * (`extension.terminateBackground()`, as the idle timeout does), what lets
 * the harness see every request and notification of the extension, the
 * background's included, which BiDi does not report (its background page is
 * no browsing context), and where the bench reads Firefox's memory reporters.
 * https://searchfox.org/mozilla-esr140/source/toolkit/components/extensions/parent/ext-backgroundPage.js
 */

/**
 * @typedef {{ send(method: string, params: unknown): Promise<{ result: unknown }> }} BidiConnection
 * @typedef {{ type: 'success'; result: { type: string; value?: unknown } } | { type: 'exception'; exceptionDetails: { text: string } }} EvaluateResult
 */

/**
 * @typedef {object} FirefoxChrome
 * @property {<R>(source: string) => Promise<R>} evaluate Evaluates `source` (an expression, awaited when a
 *   promise) in the browser window's privileged scope; its value must be a JSON string, which comes back parsed.
 */

/**
 * @param {import('puppeteer-core').Browser} browser a puppeteer-core Firefox driven over BiDi
 * @returns {FirefoxChrome}
 */
export function firefoxChrome(browser) {
  // puppeteer-core's BiDi browser exposes its connection; its typed API has no chrome scope.
  const connection = /** @type {BidiConnection | undefined} */ (/** @type {{ connection?: unknown }} */ (browser).connection);
  if (!connection) throw new Error('this puppeteer-core browser has no BiDi connection');
  /** @type {string | null} */
  let context = null;
  const chromeContext = async () => {
    if (context) return context;
    const { result } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const found = /** @type {{ contexts: { context: string; url: string }[] }} */ (result).contexts.find((c) =>
      c.url.startsWith('chrome://browser/'),
    );
    if (!found) throw new Error(`no chrome browser window over BiDi: ${JSON.stringify(result)} (is --remote-allow-system-access on?)`);
    context = found.context;
    return context;
  };
  /**
   * @template R
   * @param {string} source
   * @returns {Promise<R>}
   */
  const evaluate = async (source) => {
    const { result } = await connection.send('script.evaluate', {
      expression: source,
      target: { context: await chromeContext() },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const r = /** @type {EvaluateResult} */ (result);
    if (r.type === 'exception') throw new Error(`in Firefox's chrome scope: ${r.exceptionDetails.text}`);
    if (r.result.type !== 'string' || typeof r.result.value !== 'string') {
      throw new Error(`Firefox's chrome scope answered ${JSON.stringify(r.result)}, not JSON text`);
    }
    /** @type {unknown} */
    const parsed = JSON.parse(r.result.value);
    return /** @type {R} */ (parsed);
  };
  return { evaluate };
}
