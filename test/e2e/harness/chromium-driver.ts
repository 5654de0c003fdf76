/**
 * Chromium through playwright-core: a persistent context (the only way to load
 * an unpacked extension) in a throw-away profile, per docs/browser-behaviour.md#driving-the-browsers-from-tests.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Request, type Worker } from 'playwright-core';
import { HEADLESS_CHROMIUM_FLAGS } from '../../../scripts/chromium-flags.mjs';
import { callSource } from './background-call';
import { watchExtensionWorker, type WorkerWatch } from './chromium-worker-watch';
import type { Driver, ExtensionRequest, LaunchOptions, SiteTab, StorageArea, TabHandle } from './driver';
import { chromiumResolverRules, proxyBypass } from './hosts';
import { waitForReady } from './page-ready';
import { waitFor, withTimeout } from './wait';
import type { ExtGlobal } from './ext-api';
import { readStorageArea } from './storage-read';

const EXECUTABLE = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';

function tab(page: Page, label: string, onClose: (t: TabHandle) => void): TabHandle {
  const handle: TabHandle = {
    label,
    // Arguments are plain JSON here, never element handles: the libraries' handle unwrapping does not apply.
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate<R, unknown>(fn as unknown as (arg: unknown) => R | Promise<R>, arg),
    click: (selector) => page.click(selector, { timeout: 5000 }),
    type: (selector, text) => page.locator(selector).pressSequentially(text, { timeout: 5000 }),
    press: (selector, key) => page.press(selector, key, { timeout: 5000 }),
    bringToFront: () => page.bringToFront(),
    screenshot: async (path, options = {}) => {
      await page.screenshot({ path, timeout: 5000, ...(options.clip ? { clip: options.clip } : {}) });
    },
    setViewport: (width, height) => page.setViewportSize({ width, height }),
    evaluateSource: <R>(source: string) => page.evaluate<R>(source),
    select: async (selector, value) => {
      await page.selectOption(selector, value, { timeout: 5000 });
    },
    close: async () => {
      onClose(handle);
      await page.close();
    },
  };
  pages.set(handle, page);
  return handle;
}

/** The playwright page behind each handle, for what only the driver may do with it. */
const pages = new WeakMap<TabHandle, Page>();

function pageOf(handle: TabHandle): Page {
  const page = pages.get(handle);
  if (!page) throw new Error(`${handle.label} is not a tab this driver opened`);
  return page;
}

export async function launchChromium(options: LaunchOptions): Promise<Driver> {
  const profile = await mkdtemp(join(tmpdir(), 'session-watch-e2e-chromium-'));
  const dir = options.extensionDir;
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: EXECUTABLE,
      headless: true,
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
      args: [
        `--disable-extensions-except=${dir}`,
        `--load-extension=${dir}`,
        ...HEADLESS_CHROMIUM_FLAGS,
        `--host-resolver-rules=${chromiumResolverRules()}`,
        `--proxy-server=http://127.0.0.1:${options.sinkPort}`,
        `--proxy-bypass-list=${proxyBypass().join(';')}`,
        // A second CDP client (chromium-worker-watch.ts) that stays attached to the worker across stops.
        '--remote-debugging-port=0',
      ],
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }

  const consoleLines: string[] = [];
  const tabs: TabHandle[] = [];
  const visits: string[] = [];
  let origin = '';
  let closed = false;

  const workerStarts: { at: number; url: string }[] = [];
  const log = (source: string, text: string) => consoleLines.push(`${new Date().toISOString()} [${source}] ${text}`);
  const watchWorker = (worker: Worker) => {
    const source = `worker ${worker.url()}`;
    workerStarts.push({ at: Date.now(), url: worker.url() });
    log(source, '(started)');
    worker.on('console', (msg) => log(source, `${msg.type()}: ${msg.text()}`));
    worker.on('close', () => log(source, '(stopped)'));
  };
  const watchPage = (page: Page) => {
    page.on('console', (msg) => log(`page ${page.url()}`, `${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => log(`page ${page.url()}`, `uncaught: ${err.stack ?? err.message}`));
  };
  context.on('serviceworker', watchWorker);
  context.on('page', watchPage);
  for (const worker of context.serviceWorkers()) watchWorker(worker);
  for (const page of context.pages()) watchPage(page);

  // Playwright reports service-worker requests with serviceWorker() set and
  // page requests with their frame; an extension's fetches show up either way.
  // Recorded raw from launch on (the id is known only once the worker is up)
  // and attributed when asked.
  const seen: { at: number; url: string; method: string; worker: string | null; frame: string | null }[] = [];
  context.on('request', (req: Request) => {
    let frame: string | null = null;
    try {
      frame = req.frame().url();
    } catch {
      // Service-worker requests have no frame.
    }
    seen.push({ at: Date.now(), url: req.url(), method: req.method(), worker: req.serviceWorker()?.url() ?? null, frame });
  });
  // The worker's own requests come from the worker watch, which sees every start of it.
  const pageRequests = (): ExtensionRequest[] =>
    seen
      .filter((r) => !r.url.startsWith(origin) && !r.url.startsWith('data:') && !r.url.startsWith('blob:'))
      .filter((r) => r.worker === null && (r.frame ?? '').startsWith(origin))
      .map((r) => ({ at: r.at, url: r.url, method: r.method, source: `page ${r.frame}` }));

  /** Workers playwright-core still lists after the browser stopped them. */
  const stale = new Set<Worker>();
  const currentWorker = (): Worker | undefined =>
    context
      .serviceWorkers()
      .filter((w) => !stale.has(w) && w.url().startsWith(origin || 'chrome-extension://'))
      .at(-1);

  const forget = (t: TabHandle) => {
    const i = tabs.indexOf(t);
    if (i >= 0) tabs.splice(i, 1);
  };
  let siteTab: Page | null = null;
  let probeTab: TabHandle | null = null;
  let probePage: Page | null = null;

  let workerWatch: WorkerWatch | null = null;
  const close = async () => {
    if (closed) return;
    closed = true;
    await workerWatch?.close().catch(() => undefined);
    try {
      await withTimeout(context.close(), 15_000, 'closing Chromium');
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  };

  try {
    const worker = currentWorker() ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    // URL.origin is "null" for a non-special scheme such as chrome-extension:.
    origin = `chrome-extension://${new URL(worker.url()).host}`;
    workerWatch = await watchExtensionWorker(profile, origin, (text) => log('harness', text));
  } catch (err) {
    const lines = consoleLines.join('\n');
    await close();
    throw new Error(`the extension's service worker did not start in Chromium: ${(err as Error).message}\n${lines}`, { cause: err });
  }

  const openTab = async (path: string, label: string): Promise<{ page: Page; handle: TabHandle }> => {
    const page = await context.newPage();
    await page.goto(`${origin}/${path.replace(/^\//, '')}`);
    const handle = tab(page, label, forget);
    tabs.push(handle);
    return { page, handle };
  };

  const probe = async (): Promise<TabHandle> => {
    if (probeTab && probePage && !probePage.isClosed()) return probeTab;
    const opened = await openTab('manifest.json', 'probe');
    probeTab = opened.handle;
    probePage = opened.page;
    return probeTab;
  };

  /**
   * The running state of the extension's service worker as the browser
   * reports it (CDP ServiceWorker domain, through the probe tab), kept from
   * the first stopWorker() on: playwright-core reports the first start only.
   */
  let swWatch: { cdp: CDPSession; status: Map<string, { url: string; running: string; stops: number }> } | null = null;
  const watchServiceWorkers = async () => {
    if (swWatch) return swWatch;
    await probe();
    if (!probePage) throw new Error('no probe page');
    const cdp = await context.newCDPSession(probePage);
    const status = new Map<string, { url: string; running: string; stops: number }>();
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const v of event.versions) {
        const before = status.get(v.versionId)?.running;
        const up = v.runningStatus === 'starting' || v.runningStatus === 'running';
        if (before !== undefined && up && (before === 'stopped' || before === 'stopping') && v.scriptURL.startsWith(origin)) {
          workerStarts.push({ at: Date.now(), url: v.scriptURL });
          log(`worker ${v.scriptURL}`, '(started again; playwright-core does not attach to it)');
        }
        if (v.runningStatus === 'stopped' && v.scriptURL.startsWith(origin)) for (const w of context.serviceWorkers()) stale.add(w);
        // Counted, not just kept as the latest state: under load a worker may stop and start
        // again between two polls, and a test waiting for "stopped" would never see it.
        const stops = (status.get(v.versionId)?.stops ?? 0) + (v.runningStatus === 'stopped' && before !== 'stopped' ? 1 : 0);
        status.set(v.versionId, { url: v.scriptURL, running: v.runningStatus, stops });
      }
    });
    await cdp.send('ServiceWorker.enable');
    swWatch = { cdp, status };
    return swWatch;
  };

  const watched = (): WorkerWatch => {
    if (!workerWatch) throw new Error("the extension's worker is not watched");
    return workerWatch;
  };

  let pageCount = 0;
  const driver: Driver = {
    name: 'chromium',
    get origin() {
      return origin;
    },
    requestVisibility:
      'Chromium: every request of the extension service worker and of extension pages, as reported by the browser (CDP via playwright), plus the fixture server and proxy sink logs',
    async openExtensionPage(path, opts = {}) {
      pageCount += 1;
      const { handle } = await openTab(path, `${path.replace(/\W+/g, '-')}-${pageCount}`);
      if (opts.ready ?? true) await waitForReady(handle, opts.timeout ?? 10_000);
      return handle;
    },
    probe,
    async visit(url) {
      if (!siteTab || siteTab.isClosed()) {
        siteTab = await context.newPage();
        tabs.push(tab(siteTab, 'site', forget));
      }
      visits.push(url);
      await siteTab.goto(url);
    },
    async openSiteTab(url, label) {
      const page = await context.newPage();
      const site: SiteTab = {
        ...tab(page, label, () => forget(site)),
        async goto(next) {
          visits.push(next);
          await page.goto(next);
        },
      };
      pages.set(site, page);
      tabs.push(site);
      await site.goto(url);
      return site;
    },
    visits: () => visits,
    async readStorage(area: StorageArea) {
      return readStorageArea(await probe(), area);
    },
    async background() {
      const worker = currentWorker();
      if (!worker) throw new Error('no extension service worker is running');
      const kind = await worker.evaluate(() => typeof (globalThis as unknown as ExtGlobal).chrome?.cookies?.onChanged);
      return `service worker ${worker.url()} (cookies.onChanged: ${kind})`;
    },
    async fetchFromBackground(url) {
      await watched().evaluate(`fetch(${JSON.stringify(url)}).then(() => true, () => false)`);
    },
    async evaluateInBackground(fn, arg) {
      return watched().evaluate<Awaited<ReturnType<typeof fn>>>(callSource(fn, 'globalThis', arg));
    },
    shownNotices: async () => watched().notices(),
    backgroundStarts: async () => workerStarts.filter((w) => w.url.startsWith(origin)).map((w) => w.at),
    extensionRequests: async () => [...pageRequests(), ...watched().requests()].sort((a, b) => a.at - b.at),
    consoleLines: () => consoleLines,
    tabs: () => tabs,
    async stopWorker() {
      await watched().settled();
      const watch = await watchServiceWorkers();
      const mine = await waitFor(
        () => {
          const found = [...watch.status].filter(([, v]) => v.url.startsWith(origin));
          return found.length > 0 ? found : undefined;
        },
        { timeout: 5000, message: "the extension's service worker to be listed" },
      );
      const running = mine.filter(([, v]) => v.running === 'running' || v.running === 'starting').map(([id]) => id);
      const stopsBefore = new Map(running.map((id) => [id, watch.status.get(id)?.stops ?? 0]));
      for (const versionId of running) await watch.cdp.send('ServiceWorker.stopWorker', { versionId });
      const stoppedSince = (id: string) =>
        (watch.status.get(id)?.stops ?? 0) > (stopsBefore.get(id) ?? 0) || watch.status.get(id)?.running === 'stopped';
      await waitFor(() => (running.every(stoppedSince) ? true : undefined), {
        timeout: 5000,
        message: 'the service worker to stop',
      }).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; versions seen: ${JSON.stringify([...watch.status])}`);
      });
      // playwright-core does not attach to the worker the browser starts next: the handle it has is dead now.
      for (const w of context.serviceWorkers()) stale.add(w);
      log('test', running.length > 0 ? `stopped service worker version(s) ${running.join(', ')}` : 'service worker was already stopped');
      return running.length > 0;
    },
    async captureDownload(handle, trigger) {
      const page = pageOf(handle);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), trigger()]);
      const path = await download.path();
      return {
        name: download.suggestedFilename(),
        text: await readFile(path, 'utf8'),
        via: 'playwright download event, file read from disk',
      };
    },
    async setCookies(cookies) {
      await context.addCookies(cookies.map((c) => ({ name: c.name, value: c.value, url: `http://${c.host}/`, expires: c.expires })));
    },
    async removeCookie(host, name) {
      await context.clearCookies({ name, domain: host });
    },
    async emulateColorScheme(handle, scheme) {
      await pageOf(handle).emulateMedia({ colorScheme: scheme });
    },
    colorScheme: options.colorScheme ?? 'light',
    close,
  };
  return driver;
}
