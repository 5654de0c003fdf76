/**
 * Headless Firefox ESR with one temporary add-on, through puppeteer-core over
 * WebDriver BiDi (as the end-to-end tests drive it; docs/browser-behaviour.md),
 * plus what the bench needs beyond it: the process that runs the add-on's
 * pages and background page, and the CPU time of its main thread.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { firefoxChrome } from '../../scripts/firefox-chrome.mjs';
import { threadCpuMs } from './chromium.mjs';
import { INIT_SCRIPT } from './init-script.mjs';

const EXECUTABLE = process.env.BENCH_FIREFOX ?? '/usr/bin/firefox-esr';
/** Fixed so that moz-extension:// URLs are known before install; one per add-on id. */
const UUIDS = { subject: '5e55a0f1-7a7c-4c1e-9d0b-be4c4be4c4be', floor: '5e55a0f1-7a7c-4c1e-9d0b-f100f100f100' };
const IDS = { subject: 'session-watch@session-watch.org', floor: 'bench-floor@session-watch.org' };
export const FIREFOX_VIEWPORT = { width: 800, height: 600 };

/** @typedef {Awaited<ReturnType<typeof launchFirefox>>} FirefoxBench */

/**
 * @param {string} extensionDir the add-on to install (its gecko id is the subject's or the floor's)
 * @param {'subject' | 'floor'} kind
 */
export async function launchFirefox(extensionDir, kind) {
  const profile = await mkdtemp(join(tmpdir(), 'session-watch-bench-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: EXECUTABLE,
    headless: true,
    userDataDir: profile,
    defaultViewport: FIREFOX_VIEWPORT,
    // Without it Firefox refuses to navigate a BiDi-controlled tab to moz-extension://.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [IDS[kind]]: UUIDS[kind] }),
      'extensions.webextOptionalPermissionPrompts': false,
      // Nothing leaves the machine: no update checks, telemetry or safe-browsing lists.
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1,localhost',
    },
  });
  await browser.installExtension(extensionDir);
  const origin = `moz-extension://${UUIDS[kind]}`;

  /** Firefox's processes of this run: the parent and every descendant (content processes come from a fork server). */
  function processes() {
    /** @type {Map<number, { ppid: number; cmdline: string }>} */
    const all = new Map();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        all.set(Number(pid), { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), cmdline });
      } catch {
        // Gone meanwhile.
      }
    }
    const parent = browser.process()?.pid;
    /** @type {{ pid: number; cmdline: string }[]} */
    const out = [];
    const mine = new Set(parent === undefined ? [] : [parent]);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, p] of all) {
        if (!mine.has(pid) && mine.has(p.ppid)) {
          mine.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of mine) out.push({ pid, cmdline: all.get(pid)?.cmdline ?? '' });
    return out;
  }

  /** @param {string} path */
  const url = (path) => `${origin}/${path}`;

  /**
   * Opens an extension page in a new tab, with the bench's marks injected before its scripts.
   * @param {string} path
   */
  async function newPage(path) {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(INIT_SCRIPT);
    if (path) await go(page, url(path));
    return page;
  }

  /**
   * Navigates and waits for the load: BiDi never reports a moz-extension:// navigation done, so
   * the page itself is asked.
   * @param {import('puppeteer-core').Page} page
   * @param {string} to
   */
  async function go(page, to) {
    page.goto(to).catch(() => undefined);
    for (let i = 0; i < 400; i += 1) {
      const done = await page.evaluate((u) => location.href === u && document.readyState === 'complete', to).catch(() => false);
      if (done) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`${to} did not load`);
  }

  /**
   * Runs fn in the add-on's background page (an event page), from an extension page of the same origin.
   * @template T
   * @param {string} source a function expression taking the background window
   * @returns {Promise<T>}
   */
  async function inBackground(source) {
    const page = await browser.newPage();
    try {
      await go(page, url('blank.html'));
      return /** @type {T} */ (
        await page.evaluate(`(async () => {
          const bg = await browser.runtime.getBackgroundPage();
          if (!bg) throw new Error('no background page');
          return (${source})(bg);
        })()`)
      );
    } finally {
      await page.close();
    }
  }

  /**
   * The content process that runs the add-on: its background page spins for 300 ms, and the process
   * whose main thread took most of that CPU is the one (their command lines do not name them).
   */
  async function extensionPid() {
    /** @type {{ pid: number; ms: number }[]} */
    let gained = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const candidates = processes().filter((p) => p.cmdline.includes('-contentproc'));
      const before = candidates.map((p) => threadCpuMs(p.pid));
      await inBackground('() => { const until = Date.now() + 300; while (Date.now() < until); }');
      gained = candidates.map((p, i) => ({ pid: p.pid, ms: threadCpuMs(p.pid) - (before[i] ?? 0) })).sort((x, y) => y.ms - x.ms);
      const [first, second] = gained;
      if (first && first.ms > 50 && first.ms > 4 * Math.max(0, second?.ms ?? 0)) return first.pid;
    }
    throw new Error(`cannot tell which Firefox process runs the add-on: ${JSON.stringify(gained)}`);
  }

  const chrome = firefoxChrome(browser);

  /**
   * The JS memory of each of the add-on's open pages (bytes, by file: "popup.html",
   * "_generated_background_page.html"), from Firefox's memory reporters (about:memory's) after
   * memory use was minimised in every process: everything reported under the page's window in
   * its realm (js-realm) and its zone (js-zone). Firefox gives pages no JS heap figure of their own.
   * @returns {Promise<Record<string, number>>}
   */
  async function jsHeaps() {
    // Reporters write a URL's slashes as backslashes.
    const prefix = `explicit/window-objects/top(${origin.replaceAll('/', '\\')}\\`;
    return /** @type {Record<string, number>} */ (
      await chrome.evaluate(`(async () => {
        const manager = Cc['@mozilla.org/memory-reporter-manager;1'].getService(Ci.nsIMemoryReporterManager);
        await new Promise((done) => manager.minimizeMemoryUsage(done));
        const prefix = ${JSON.stringify(prefix)};
        const bytes = {};
        await new Promise((done) =>
          manager.getReports(
            (process, path, kind, units, amount) => {
              if (units !== Ci.nsIMemoryReporter.UNITS_BYTES || !path.startsWith(prefix)) return;
              if (!path.includes('/js-realm(') && !path.includes('/js-zone(')) return;
              const page = path.slice(prefix.length, path.indexOf(', id='));
              bytes[page] = (bytes[page] ?? 0) + amount;
            },
            null,
            done,
            null,
            false,
          ),
        );
        return JSON.stringify(bytes);
      })()`)
    );
  }

  return {
    browser,
    dir: extensionDir,
    jsHeaps,
    profile,
    origin,
    url,
    newPage,
    go,
    inBackground,
    processes,
    extensionPid,
    version: await browser.version(),
    async close() {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}
