/**
 * Firefox ESR through puppeteer-core over WebDriver BiDi (no geckodriver here),
 * per docs/browser-behaviour.md#driving-the-browsers-from-tests. The extension installs as a temporary add-on, which gets
 * its declared host permissions without a prompt.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type KeyInput, type Page } from 'puppeteer-core';
import { callSource } from './background-call';
import { CHROME_LOG, extensionSource, firefoxChrome } from './firefox-chrome';
import type { Driver, ExtensionRequest, LaunchOptions, ShownNotification, SiteTab, StorageArea, TabHandle } from './driver';
import { HOSTS, proxyBypass } from './hosts';
import { waitForReady } from './page-ready';
import { waitFor, withTimeout } from './wait';
import type { ExtGlobal } from './ext-api';
import { readStorageArea } from './storage-read';

const EXECUTABLE = process.env.E2E_FIREFOX ?? '/usr/bin/firefox-esr';
/** Fixed so moz-extension:// URLs are known before install. */
export const FIREFOX_EXTENSION_UUID = '5e55a0f1-7a7c-4c1e-9d0b-5e55a0f17a7c';

async function geckoId(dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no browser_specific_settings.gecko.id`);
  return id;
}

export async function launchFirefox(options: LaunchOptions): Promise<Driver> {
  const id = await geckoId(options.extensionDir);
  const colorScheme = options.colorScheme ?? 'light';
  // Downloads land here without a dialog; BiDi's own download events do not reach extension pages here.
  const downloads = await mkdtemp(join(tmpdir(), 'session-watch-e2e-firefox-downloads-'));
  const browser: Browser = await puppeteer
    .launch({
      browser: 'firefox',
      executablePath: EXECUTABLE,
      headless: true,
      // Without it Firefox refuses to navigate a BiDi-controlled tab to moz-extension://.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: FIREFOX_EXTENSION_UUID }),
        'extensions.webextOptionalPermissionPrompts': false,
        'network.dns.localDomains': Object.values(HOSTS).join(','),
        // Everything else goes to the proxy sink: nothing leaves the machine,
        // and an extension's request to the outside world is recorded.
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': options.sinkPort,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': options.sinkPort,
        'network.proxy.no_proxies_on': proxyBypass().join(','),
        // Firefox sends console output of every context to stdout: the only
        // way to read the background page's console over BiDi here.
        'devtools.console.stdout.content': true,
        'devtools.console.stdout.chrome': true,
        // What prefers-color-scheme says in every page (0 dark, 1 light): BiDi has no per-page emulation.
        'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
        'browser.download.folderList': 2,
        'browser.download.dir': downloads,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
        'browser.download.alwaysOpenPanel': false,
        'browser.download.panel.shown': true,
      },
    })
    .catch(async (err: unknown) => {
      await rm(downloads, { recursive: true, force: true });
      throw err;
    });

  const consoleLines: string[] = [];
  const tabs: TabHandle[] = [];
  const visits: string[] = [];
  const origin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  let closed = false;

  const proc = browser.process();
  const capture = (stream: NodeJS.ReadableStream | null | undefined, source: string) => {
    let pending = '';
    stream?.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) consoleLines.push(`${new Date().toISOString()} [firefox ${source}] ${line}`);
    });
  };
  capture(proc?.stdout, 'stdout');
  capture(proc?.stderr, 'stderr');

  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await withTimeout(browser.close(), 15_000, 'closing Firefox');
    } catch (err) {
      proc?.kill('SIGKILL');
      throw err;
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
  };

  try {
    await browser.installExtension(options.extensionDir);
  } catch (err) {
    await close();
    throw new Error(`Firefox did not install ${options.extensionDir}: ${(err as Error).message}\n${consoleLines.join('\n')}`, {
      cause: err,
    });
  }

  const chrome = firefoxChrome(browser);
  const EXT = extensionSource(id);
  const UUID_ORIGIN = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  // In the browser window, which outlives every background page: when the event page
  // starts, and every HTTP(S) request whose loading or triggering principal is the
  // extension's (background, pages, workers alike), seen as the channel is opened, so an
  // https request is seen by its URL before any CONNECT.
  await chrome.evaluate<boolean>(`(() => {
    const log = (globalThis.${CHROME_LOG} ??= { starts: [], requests: [] });
    if (log.hooked) return JSON.stringify(false);
    log.hooked = true;
    const ext = ${EXT};
    ext.on('background-script-started', () => log.starts.push(Date.now()));
    const mine = (p) => !!p && (p.addonId === ${JSON.stringify(id)} || (p.URI?.spec ?? '').startsWith(${JSON.stringify(UUID_ORIGIN)}));
    Services.obs.addObserver({
      observe(subject) {
        const channel = subject.QueryInterface(Ci.nsIHttpChannel);
        const info = channel.loadInfo;
        const by = [info?.loadingPrincipal, info?.triggeringPrincipal].find(mine);
        if (!by) return;
        log.requests.push({ at: Date.now(), url: channel.URI.spec, method: channel.requestMethod, source: (by.URI?.spec ?? '').includes('_generated_background_page') ? 'background ' + by.URI.spec : 'page ' + (by.URI?.spec ?? '') });
      },
    }, 'http-on-modify-request');
    // The alerts service notifications.create ends in: record each, then close it at once, as
    // headless Firefox (no alerts backend) does, so notifications.onClosed still fires once per notice.
    log.notices = [];
    const service = {
      QueryInterface: ChromeUtils.generateQI(['nsIAlertsService']),
      showAlert(alert, listener) {
        log.notices.push({ id: alert.name, title: alert.title, message: alert.text, at: Date.now() });
        Services.tm.dispatchToMainThread(() => listener?.observe(null, 'alertfinished', alert.cookie));
      },
      showAlertNotification() {},
      closeAlert() {},
    };
    Components.manager.QueryInterface(Ci.nsIComponentRegistrar).registerFactory(
      Components.ID(Services.uuid.generateUUID().toString()),
      'Session Watch e2e alerts recorder',
      '@mozilla.org/alerts-service;1',
      { createInstance: (iid) => service.QueryInterface(iid), QueryInterface: ChromeUtils.generateQI(['nsIFactory']) },
    );
    return JSON.stringify(true);
  })()`);
  const backgroundState = () => chrome.evaluate<string>(`JSON.stringify(${EXT}.backgroundState)`);

  const forget = (t: TabHandle) => {
    const i = tabs.indexOf(t);
    if (i >= 0) tabs.splice(i, 1);
  };
  const tab = (page: Page, label: string): TabHandle => {
    const handle: TabHandle = {
      label,
      // Arguments are plain JSON here, never element handles: the libraries' handle unwrapping does not apply.
      evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
        page.evaluate(fn as unknown as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
      click: (selector) => page.click(selector),
      type: (selector, text) => page.type(selector, text),
      press: async (selector, key) => {
        await page.focus(selector);
        await page.keyboard.press(key as KeyInput);
      },
      bringToFront: () => page.bringToFront(),
      screenshot: async (path, options = {}) => {
        await page.screenshot({ path, ...(options.clip ? { clip: options.clip } : {}) });
      },
      setViewport: (width, height) => page.setViewport({ width, height }),
      evaluateSource: <R>(source: string) => page.evaluate(source) as Promise<R>,
      select: async (selector, value) => {
        await page.select(selector, value);
      },
      close: async () => {
        forget(handle);
        await page.close();
      },
    };
    return handle;
  };

  const openTab = async (path: string, label: string): Promise<{ page: Page; handle: TabHandle }> => {
    const page = await browser.newPage();
    const url = `${origin}/${path.replace(/^\//, '')}`;
    // The load event of a moz-extension:// page never reaches BiDi: do not await it.
    page.goto(url).catch(() => undefined);
    const handle = tab(page, label);
    tabs.push(handle);
    await waitFor(() => handle.evaluate((u) => (location.href === u && document.readyState === 'complete' ? true : undefined), url), {
      timeout: 10_000,
      message: `${url} to load`,
    });
    return { page, handle };
  };

  let probeTab: TabHandle | null = null;
  let probePage: Page | null = null;
  const probe = async (): Promise<TabHandle> => {
    if (probeTab && tabs.includes(probeTab)) return probeTab;
    const opened = await openTab('manifest.json', 'probe');
    probeTab = opened.handle;
    probePage = opened.page;
    return probeTab;
  };

  let siteTab: { page: Page; handle: TabHandle } | null = null;
  let pageCount = 0;
  const driver: Driver = {
    name: 'firefox',
    origin,
    requestVisibility:
      "Firefox: every HTTP(S) channel whose loading or triggering principal is the extension's (background page, extension pages), seen by a chrome-privileged observer (http-on-modify-request) as it opens, https by its URL; plus the fixture server and proxy sink logs",
    async openExtensionPage(path, opts = {}) {
      pageCount += 1;
      const { handle } = await openTab(path, `${path.replace(/\W+/g, '-')}-${pageCount}`);
      if (opts.ready ?? true) await waitForReady(handle, opts.timeout ?? 10_000);
      return handle;
    },
    probe,
    async visit(url) {
      if (!siteTab || !tabs.includes(siteTab.handle)) {
        const page = await browser.newPage();
        siteTab = { page, handle: tab(page, 'site') };
        tabs.push(siteTab.handle);
      }
      visits.push(url);
      await siteTab.page.goto(url);
    },
    async openSiteTab(url, label) {
      const page = await browser.newPage();
      const handle = tab(page, label);
      const site: SiteTab = {
        ...handle,
        close: async () => {
          forget(site);
          await page.close();
        },
        async goto(next) {
          visits.push(next);
          await page.goto(next);
        },
      };
      tabs.push(site);
      await site.goto(url);
      return site;
    },
    visits: () => visits,
    async readStorage(area: StorageArea) {
      return readStorageArea(await probe(), area);
    },
    async background() {
      const p = await probe();
      const href = await p.evaluate(async () => {
        const g = globalThis as unknown as ExtGlobal;
        const bg = await g.browser?.runtime.getBackgroundPage?.();
        return bg ? bg.location.href : null;
      }, null);
      if (!href) throw new Error('the extension has no background page');
      return `event page ${href}`;
    },
    async fetchFromBackground(url) {
      const p = await probe();
      await p.evaluate(async (u) => {
        const g = globalThis as unknown as ExtGlobal;
        const bg = (await g.browser?.runtime.getBackgroundPage?.()) as (Window & typeof globalThis) | null | undefined;
        if (!bg) throw new Error('no background page');
        await bg.fetch(u).catch(() => undefined);
      }, url);
    },
    async evaluateInBackground(fn, arg) {
      // getBackgroundPage() would start a stopped event page: a stopped one is no background to evaluate in.
      const state = await backgroundState();
      if (state !== 'running') throw new Error(`the extension's event page is ${state}, not running`);
      await probe();
      if (!probePage) throw new Error('no probe page');
      // The probe reaches the event page's window (same extension origin) and calls fn with it.
      const source = `(async () => {
        const bg = await globalThis.browser.runtime.getBackgroundPage();
        if (!bg) throw new Error('the extension has no background page running');
        return ${callSource(fn, 'bg', arg)};
      })()`;
      return (await probePage.evaluate(source)) as Awaited<ReturnType<typeof fn>>;
    },
    async extensionRequests() {
      const all = await chrome.evaluate<ExtensionRequest[]>(`JSON.stringify(globalThis.${CHROME_LOG}.requests)`);
      return all.filter((r) => !r.url.startsWith(origin));
    },
    shownNotices: () => chrome.evaluate<ShownNotification[]>(`JSON.stringify(globalThis.${CHROME_LOG}.notices)`),
    backgroundStarts: () => chrome.evaluate<number[]>(`JSON.stringify(globalThis.${CHROME_LOG}.starts)`),
    async stopWorker() {
      // What the idle timeout does (extensions.background.idle.timeout), now: runtime.onSuspend, then the page is gone.
      const was = await backgroundState();
      if (was === 'stopped') return false;
      await waitFor(
        () =>
          chrome.evaluate<string | undefined>(`(async () => {
            const ext = ${EXT};
            if (ext.backgroundState === 'running') await ext.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
            return JSON.stringify(ext.backgroundState === 'stopped' ? 'stopped' : undefined);
          })()`),
        { timeout: 5000, interval: 100, message: 'the event page to stop' },
      );
      consoleLines.push(`${new Date().toISOString()} [test] stopped the event page (it was ${was})`);
      return true;
    },
    async setCookies(cookies) {
      const p = await probe();
      await p.evaluate(async (list) => {
        const g = globalThis as unknown as { browser: { cookies: { set(d: object): Promise<unknown> } } };
        for (const c of list)
          await g.browser.cookies.set({ url: `http://${c.host}/`, name: c.name, value: c.value, expirationDate: c.expires });
      }, cookies);
    },
    async removeCookie(host, name) {
      const p = await probe();
      await p.evaluate(
        async ({ h, n }) => {
          const g = globalThis as unknown as { browser: { cookies: { remove(d: object): Promise<unknown> } } };
          await g.browser.cookies.remove({ url: `http://${h}/`, name: n });
        },
        { h: host, n: name },
      );
    },
    consoleLines: () => consoleLines,
    tabs: () => tabs,
    async captureDownload(_tab, trigger) {
      const before = new Set(await readdir(downloads));
      await trigger();
      // A download is written as <name>.part and renamed when complete.
      const name = await waitFor(
        async () => {
          const fresh = (await readdir(downloads)).filter((f) => !before.has(f));
          const done = fresh.find((f) => !f.endsWith('.part'));
          return done !== undefined && !fresh.includes(`${done}.part`) && (await stat(join(downloads, done))).size > 0 ? done : undefined;
        },
        { timeout: 5000, message: `a new file in the downloads folder ${downloads}` },
      );
      return {
        name,
        text: await readFile(join(downloads, name), 'utf8'),
        via: 'Firefox downloads folder (browser.download.dir), file read from disk',
      };
    },
    colorScheme,
    close,
  };
  return driver;
}
