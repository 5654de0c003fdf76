/**
 * The demo in Chromium through playwright-core: a persistent context (the
 * only way to load an unpacked extension) in a throw-away profile, with the
 * settings written by the extension's own service worker. The launch flags
 * follow test/e2e/harness/chromium-driver.ts and docs/browser-behaviour.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { endLeftovers, groupMentioning } from './owned-processes.mjs';
import { loginAndReadPopup } from './popup-check.mjs';
import { withTimeout } from './poll.mjs';

/**
 * @param {{ executablePath: string, extensionDir: string, headless: boolean, settings: object, settingsKey: string, note?: (line: string) => void }} options
 */
export async function launchChromiumDemo(options) {
  const profileDir = await mkdtemp(join(tmpdir(), 'session-watch-demo-chromium-'));
  const dir = options.extensionDir;
  const launchOptions = (/** @type {boolean} */ sandbox) => ({
    executablePath: options.executablePath,
    headless: options.headless,
    // Root cannot use Chromium's sandbox; a person's window should have it (and no warning bar about it).
    chromiumSandbox: sandbox,
    // The demo stops the browser itself, in order, on Ctrl-C and SIGTERM.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    viewport: null,
    // A window for a person: no "controlled by automated software" bar.
    ignoreDefaultArgs: ['--enable-automation'],
    args: [
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      '--disable-sync',
      '--no-first-run',
      ...(options.headless ? ['--disable-gpu'] : ['--window-size=1200,900']),
    ],
  });
  const sandbox = !options.headless && process.getuid?.() !== 0;
  let context;
  try {
    try {
      context = await chromium.launchPersistentContext(profileDir, launchOptions(sandbox));
    } catch (err) {
      if (!sandbox) throw err;
      // Some systems allow no user namespaces, which the sandbox needs.
      options.note?.(
        `Chromium did not start with its sandbox (${String(err instanceof Error ? err.message : err).split('\n')[0]}); starting it without`,
      );
      context = await chromium.launchPersistentContext(profileDir, launchOptions(false));
    }
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }

  // Found now, while the browser runs: after a crash its helpers are known only by their group.
  const pgid = groupMentioning(profileDir);
  /** @type {Promise<void> | null} */
  let closing = null;
  const close = () => {
    closing ??= (async () => {
      try {
        await withTimeout(context.close(), 10_000, 'closing Chromium');
      } catch {
        // Not closed in time: whatever is left is stopped below.
      }
      try {
        // Helpers (zygotes, renderers) may still be on their way out; none may outlive the demo.
        await endLeftovers({ pgid, needle: profileDir }, 3000);
      } finally {
        await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      }
    })();
    return closing;
  };

  let worker;
  try {
    worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  } catch {
    await close();
    throw new Error(
      `${options.executablePath} did not start the extension's service worker. Chrome 137 and later no longer load ` +
        'extensions from the command line; Chromium does.',
    );
  }
  const id = new URL(worker.url()).host;
  const origin = `chrome-extension://${id}`;

  // Written the way the options page writes it, so the worker starts watching at once.
  await worker.evaluate(
    ([key, settings]) => chrome.storage.sync.set({ [key]: settings }),
    /** @type {[string, object]} */ ([options.settingsKey, options.settings]),
  );

  const version = context.browser()?.version() ?? '';
  let demoPage = context.pages()[0] ?? (await context.newPage());

  /**
   * @param {import('playwright-core').Page} page
   * @returns {import('./popup-check.mjs').DemoTab}
   */
  const tab = (page) => ({
    evaluate: (fn) => page.evaluate(fn),
    click: (selector) => page.click(selector, { timeout: 5000 }),
  });

  return {
    name: `Chromium ${version}`.trim(),
    executablePath: options.executablePath,
    profileDir,
    origin,
    extensionId: id,
    popupUrl: `${origin}/popup.html`,
    /** @param {string} url */
    async showDemo(url) {
      if (demoPage.isClosed()) demoPage = await context.newPage();
      await demoPage.goto(url);
      await demoPage.bringToFront();
    },
    async check() {
      return loginAndReadPopup({
        demo: tab(demoPage),
        openPopup: async () => {
          const page = await context.newPage();
          await page.goto(`${origin}/popup.html`);
          return tab(page);
        },
      });
    },
    /** @param {() => void} callback */
    onClosed(callback) {
      context.on('close', () => {
        if (!closing) callback();
      });
    },
    close,
  };
}
