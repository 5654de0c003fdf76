/**
 * The demo in Firefox through puppeteer-core over WebDriver BiDi (no
 * geckodriver here), per docs/browser-behaviour.md and test/e2e/harness/firefox-driver.ts:
 * a temporary add-on with a fixed moz-extension:// host, and the settings
 * written from the options page, an extension page with storage access.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { endLeftovers, groupMentioning } from './owned-processes.mjs';
import { loginAndReadPopup } from './popup-check.mjs';
import { poll, withTimeout } from './poll.mjs';

/** Fixed so the popup's address is known before the add-on is installed. */
export const DEMO_EXTENSION_UUID = '5e55a0f1-7a7c-4c1e-9d0b-de3000000001';

/**
 * @param {{ executablePath: string, extensionDir: string, headless: boolean, settings: object, settingsKey: string }} options
 */
export async function launchFirefoxDemo(options) {
  /** @type {unknown} */
  const built = JSON.parse(await readFile(join(options.extensionDir, 'manifest.json'), 'utf8'));
  const manifest = /** @type {{ browser_specific_settings?: { gecko?: { id?: string } } }} */ (built);
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${options.extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);

  const profileDir = await mkdtemp(join(tmpdir(), 'session-watch-demo-firefox-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: options.executablePath,
      headless: options.headless,
      userDataDir: profileDir,
      // The demo stops the browser itself, in order, on Ctrl-C and SIGTERM.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      defaultViewport: null,
      // Without it Firefox refuses to navigate a BiDi-controlled tab to moz-extension://.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: DEMO_EXTENSION_UUID }),
        // "Watch this site" on another site asks for access; let a click grant it, as a person would.
        'extensions.webextOptionalPermissionPrompts': false,
      },
    });
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }

  const proc = browser.process();
  // Found now, while the browser runs: after a crash its helpers are known only by their group.
  const pgid = groupMentioning(profileDir);
  /** @type {Promise<void> | null} */
  let closing = null;
  const close = () => {
    closing ??= (async () => {
      try {
        await withTimeout(browser.close(), 10_000, 'closing Firefox');
      } catch {
        proc?.kill('SIGKILL');
      }
      try {
        // Content processes may still be on their way out; none may outlive the demo.
        await endLeftovers({ pgid, needle: profileDir }, 3000);
      } finally {
        await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      }
    })();
    return closing;
  };

  const origin = `moz-extension://${DEMO_EXTENSION_UUID}`;
  /**
   * @param {import('puppeteer-core').Page} page
   * @returns {import('./popup-check.mjs').DemoTab}
   */
  const tab = (page) => ({
    evaluate: (fn) => page.evaluate(fn),
    click: (selector) => page.click(selector),
  });
  /**
   * The load event of a moz-extension:// page never reaches BiDi: wait for the document instead.
   * @param {string} path
   */
  const openExtensionPage = async (path) => {
    const page = await browser.newPage();
    const url = `${origin}/${path}`;
    page.goto(url).catch(() => undefined);
    await poll(() => page.evaluate((u) => (location.href === u && document.readyState === 'complete' ? true : undefined), url), {
      timeout: 10_000,
      what: `${url} to load`,
    });
    return page;
  };

  try {
    await browser.installExtension(options.extensionDir);
    const optionsPage = await openExtensionPage('options.html');
    // Written the way the options page writes it; its own view then shows the watched site.
    await optionsPage.evaluate(
      // Firefox's own namespace, the one its extension pages have (bench/globals.d.ts types `chrome` alike).
      ([key, settings]) =>
        /** @type {typeof globalThis & { browser: typeof chrome }} */ (globalThis).browser.storage.sync.set({ [key]: settings }),
      /** @type {[string, object]} */ ([options.settingsKey, options.settings]),
    );
    await optionsPage.close();
  } catch (err) {
    await close();
    throw new Error(
      `Firefox did not take the extension from ${options.extensionDir}: ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  }

  const version = (await browser.version().catch(() => '')).replace(/^firefox\//i, '');
  let demoPage = (await browser.pages())[0] ?? (await browser.newPage());

  return {
    name: `Firefox ${version}`.trim(),
    executablePath: options.executablePath,
    profileDir,
    origin,
    extensionId: geckoId,
    popupUrl: `${origin}/popup.html`,
    /** @param {string} url */
    async showDemo(url) {
      if (demoPage.isClosed()) demoPage = await browser.newPage();
      await demoPage.goto(url);
      await demoPage.bringToFront();
    },
    async check() {
      return loginAndReadPopup({
        demo: tab(demoPage),
        openPopup: async () => {
          const page = await openExtensionPage('popup.html');
          // A background tab in headless Firefox is hidden and pauses its countdowns.
          await page.bringToFront();
          return tab(page);
        },
      });
    },
    /** @param {() => void} callback */
    onClosed(callback) {
      browser.on('disconnected', () => {
        if (!closing) callback();
      });
    },
    close,
  };
}
