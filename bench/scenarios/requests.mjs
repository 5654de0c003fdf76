/**
 * Request CPU: one browser run of one extension (the product, or the floor
 * extension whose webRequest listeners are empty), two bursts of requests
 * that a page of a bench site sends with fetch() to a few other bench sites
 * (answered by lib/site-server.mjs), and the CPU time the extension's
 * service worker thread spent on them, read from
 * /proc/<pid>/task/<tid>/schedstat (nanoseconds), as for cookie changes.
 *
 * Each request is two events for both extensions: webRequest.onSendHeaders,
 * then onCompleted (no redirects here, so onBeforeRedirect never fires).
 */
import { launch } from '../lib/chromium.mjs';
import { cpuCounters, openPage, waitFor, withSetup, workerQuiet } from '../lib/pages.mjs';
import { startProfile, summariseProfile } from '../lib/profile.mjs';
import { siteCookies, site, watched } from '../lib/seed.mjs';
import { startSiteServer } from '../lib/site-server.mjs';
import { sleep } from '../lib/stats.mjs';

const SITES = 50;
const PER_SITE = 4;
/** The hosts a burst goes to: four of the 50 watched sites, or four sites nobody watches. */
const BURST_HOSTS = 4;
/** The page that sends the bursts is on a site nobody watches, for both bursts alike. */
const PAGE_HOST = 'bench.test';
/** Requests in flight at once: Chromium's 6 connections per host, over the four hosts, stay busy. */
const CONCURRENCY = 16;
/** Requests per host just before a burst, so the burst continues activity the worker already knows. */
const WARM_UP = 5;
/**
 * The product writes a site's last request at most once per this long (ACTIVITY_WRITE_MS in
 * src/core/activity.ts): a burst is over when its last request's write is due, for both extensions alike.
 */
const ACTIVITY_WRITE_MS = 5_000;

/**
 * Sends `urls` from the page, CONCURRENCY at a time; runs in the page.
 * @param {{ urls: string[]; concurrency: number }} plan
 * @returns {Promise<{ ok: number; lastIssued: Record<string, number> }>} answered requests, and when each host's last request was sent (page clock = Date.now)
 */
async function sendAll({ urls, concurrency }) {
  let next = 0;
  let ok = 0;
  /** @type {Record<string, number>} */
  const lastIssued = {};
  const lane = async () => {
    for (let url = urls[next++]; url !== undefined; url = urls[next++]) {
      lastIssued[new URL(url).hostname] = Date.now();
      const res = await fetch(url, { cache: 'no-store' });
      await res.text();
      if (res.ok) ok += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ok, lastIssued };
}

/**
 * @param {import('../lib/chromium.mjs').Bench} b
 * @param {number} pid the extension process
 * @param {import('playwright-core').Page} page the bench site's page that sends the requests
 * @param {(host: string) => string} origin
 * @param {string[]} hosts
 * @param {number} requests how many to send, spread evenly over the hosts
 * @param {{ verify?: ((lastIssued: Record<string, number>) => Promise<boolean>) | null; profile?: boolean }} options
 */
async function burst(b, pid, page, origin, hosts, requests, { verify = null, profile = false } = {}) {
  const warmUp = hosts.flatMap((h) => Array.from({ length: WARM_UP }, (_, i) => `${origin(h)}/warm?i=${i}`));
  await page.evaluate(sendAll, { urls: warmUp, concurrency: CONCURRENCY });
  await workerQuiet(pid);

  const before = cpuCounters(pid);
  await sleep(1000);
  const idle = cpuCounters(pid);
  const idleRate = (idle.worker - before.worker) / (idle.at - before.at);

  const urls = Array.from({ length: requests }, (_, i) => `${origin(hosts[i % hosts.length] ?? '')}/x?i=${i}`);
  let stop = null;
  if (profile) stop = await startProfile(await b.workerSession(), 200);
  const browserPids = b.processes().map((p) => p.pid);
  const start = cpuCounters(pid, browserPids);
  const sent = await page.evaluate(sendAll, { urls, concurrency: CONCURRENCY });
  const sentMs = performance.now() - start.at;
  // Done = the last request's write was due, the stored state is final (when there is one to check),
  // and the worker has gone quiet.
  await sleep(ACTIVITY_WRITE_MS + 500);
  for (;;) {
    await workerQuiet(pid, { quietMs: profile ? 20 : 2 });
    if (!verify || (await verify(sent.lastIssued))) break;
  }
  const end = cpuCounters(pid, browserPids);
  const elapsed = end.at - start.at;
  const workerMs = end.worker - start.worker - idleRate * elapsed;
  /** @type {{ requests: number; answered: number; workerMs: number; perRequestUs: number; processMs: number; browserTotalMs: number; sentMs: number; wallMs: number; profile?: ReturnType<typeof summariseProfile>; verified?: boolean }} */
  const out = {
    requests,
    answered: sent.ok,
    workerMs,
    perRequestUs: (workerMs * 1000) / requests,
    processMs: end.process - start.process,
    browserTotalMs: end.browser - start.browser,
    sentMs,
    wallMs: elapsed,
  };
  if (stop) out.profile = summariseProfile(await stop(), { dir: b.dir });
  if (sent.ok !== requests) throw new Error(`only ${sent.ok} of ${requests} requests were answered`);
  return out;
}

/**
 * kind: 'subject' (the product, 50 watched sites, host access to every site) or 'floor' (empty listeners).
 * @param {string} dir the extension
 * @param {'subject' | 'floor'} kind
 * @param {{ requests: number; profile?: boolean }} plan
 */
export async function runRequests(dir, kind, { requests, profile = false }) {
  const server = await startSiteServer();
  const b = await launch(dir, { args: server.args });
  try {
    const pid = await b.extensionPid();
    const now = Date.now();
    // The same cookies and watched sites as the cookie-change figures: the worker knows 200 watched cookies.
    const watchedSet = siteCookies(SITES, PER_SITE, now);
    if (kind === 'subject') {
      await withSetup(b, async (setup) => {
        await setup.evaluate(
          (d) => window.benchSetup.setSettings(d),
          Array.from({ length: SITES }, (_, i) => watched(site(i))),
        );
        await b.context.addCookies(watchedSet);
        await waitFor(async () => (await setup.evaluate(() => window.benchSetup.countRecords())).live === SITES * PER_SITE, {
          what: 'the watched records',
        });
      });
    } else {
      await b.context.addCookies(watchedSet);
    }
    const page = await b.context.newPage();
    await page.goto(`${server.origin(PAGE_HOST)}/`);
    await workerQuiet(pid);

    const unwatchedHosts = Array.from({ length: BURST_HOSTS }, (_, i) => site(i, 'u'));
    const unwatched = await burst(b, pid, page, server.origin, unwatchedHosts, requests, { profile });

    const watchedHosts = Array.from({ length: BURST_HOSTS }, (_, i) => site(i));
    /** @type {((lastIssued: Record<string, number>) => Promise<boolean>) | null} */
    let verify = null;
    /** @type {import('playwright-core').Page | null} */
    let setup = null;
    if (kind === 'subject') {
      // Every watched site's last request must reach storage.session: each holds a time no earlier than its last send.
      const setupPage = await openPage(b, 'bench-setup.html');
      setup = setupPage;
      verify = async (lastIssued) => {
        const stored = await setupPage.evaluate((d) => window.benchSetup.lastRequests(d), watchedHosts);
        return watchedHosts.every((h, i) => (stored[i] ?? -1) >= (lastIssued[h] ?? Infinity));
      };
    }
    const watchedBurst = await burst(b, pid, page, server.origin, watchedHosts, requests, { verify, profile });
    watchedBurst.verified = verify !== null;
    if (setup) await setup.close();
    await page.close();
    return { kind, unwatched, watched: watchedBurst };
  } finally {
    await b.close();
    await server.close();
  }
}
