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
import { cpuCounters, openPage, seedWatchedSites, workerQuiet } from '../lib/pages.mjs';
import { startProfile, summariseProfile } from '../lib/profile.mjs';
import { siteCookies, site } from '../lib/seed.mjs';
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

/** @typedef {{ requests: number; workerMs: number; perRequestUs: number; processMs: number }} WorkerCost */

/**
 * One burst, measured in both extensions' workers at once.
 * @param {import('../lib/chromium.mjs').Bench} b
 * @param {{ subject: number; floor: number }} pids the two extension processes
 * @param {import('playwright-core').Page} page the bench site's page that sends the requests
 * @param {(host: string) => string} origin
 * @param {string[]} hosts
 * @param {number} requests how many to send, spread evenly over the hosts
 * @param {{ verify?: ((lastIssued: Record<string, number>) => Promise<boolean>) | null; profile?: boolean }} options
 */
async function burst(b, pids, page, origin, hosts, requests, { verify = null, profile = false } = {}) {
  const warmUp = hosts.flatMap((h) => Array.from({ length: WARM_UP }, (_, i) => `${origin(h)}/warm?i=${i}`));
  await page.evaluate(sendAll, { urls: warmUp, concurrency: CONCURRENCY });
  const quiet = (/** @type {{ quietMs?: number }} */ options = {}) =>
    Promise.all([workerQuiet(pids.subject, options), workerQuiet(pids.floor, options)]);
  await quiet();

  const kinds = /** @type {const} */ (['subject', 'floor']);
  const before = kinds.map((k) => cpuCounters(pids[k]));
  await sleep(1000);
  const idleRates = kinds.map((k, i) => {
    const idle = cpuCounters(pids[k]);
    const was = before[i] ?? idle;
    return (idle.worker - was.worker) / (idle.at - was.at);
  });

  const urls = Array.from({ length: requests }, (_, i) => `${origin(hosts[i % hosts.length] ?? '')}/x?i=${i}`);
  let stop = null;
  if (profile) stop = await startProfile(await b.workerSession(), 200);
  const browserPids = b.processes().map((p) => p.pid);
  const start = kinds.map((k) => cpuCounters(pids[k], browserPids));
  const sent = await page.evaluate(sendAll, { urls, concurrency: CONCURRENCY });
  const sentMs = performance.now() - (start[0]?.at ?? 0);
  if (sent.ok !== requests) throw new Error(`only ${sent.ok} of ${requests} requests were answered`);
  // Done = the last request's write was due, the stored state is final (when there is one to check),
  // and both workers have gone quiet.
  await sleep(ACTIVITY_WRITE_MS + 500);
  for (;;) {
    await quiet({ quietMs: profile ? 20 : 2 });
    if (!verify || (await verify(sent.lastIssued))) break;
  }
  const end = kinds.map((k) => cpuCounters(pids[k], browserPids));
  /** @type {(i: number) => WorkerCost} */
  const cost = (i) => {
    const s = start[i];
    const e = end[i];
    if (!s || !e) throw new Error('a counter is missing');
    const workerMs = e.worker - s.worker - (idleRates[i] ?? 0) * (e.at - s.at);
    return { requests, workerMs, perRequestUs: (workerMs * 1000) / requests, processMs: e.process - s.process };
  };
  const subject = cost(0);
  const floor = cost(1);
  /** @type {{ subject: WorkerCost; floor: WorkerCost; ratio: number; browserTotalMs: number; sentMs: number; wallMs: number; verified: boolean; profile?: ReturnType<typeof summariseProfile> }} */
  const out = {
    subject,
    floor,
    ratio: subject.perRequestUs / floor.perRequestUs,
    browserTotalMs: (end[0]?.browser ?? 0) - (start[0]?.browser ?? 0),
    sentMs,
    wallMs: (end[0]?.at ?? 0) - (start[0]?.at ?? 0),
    verified: verify !== null,
  };
  if (stop) out.profile = summariseProfile(await stop(), { dir: b.dir });
  return out;
}

/**
 * The product (50 watched sites, host access to every site) and the floor extension (empty listeners) in one
 * browser, each in its own process: every burst reaches both at the same moment, under the same load.
 * `rounds` times, a burst to unwatched sites, then one to watched sites.
 * @param {string} subjectDir
 * @param {string} floorDir
 * @param {{ requests: number; rounds: number; profile?: boolean }} plan
 */
export async function runRequests(subjectDir, floorDir, { requests, rounds, profile = false }) {
  const server = await startSiteServer();
  const b = await launch(subjectDir, { args: server.args, alsoLoad: [floorDir] });
  try {
    const pids = { subject: await b.workerPid(subjectDir), floor: await b.workerPid(floorDir) };
    const now = Date.now();
    // The same cookies and watched sites as the cookie-change figures: the worker knows 200 watched cookies.
    await seedWatchedSites(b, SITES, siteCookies(SITES, PER_SITE, now));
    const page = await b.context.newPage();
    await page.goto(`${server.origin(PAGE_HOST)}/`);
    // Every watched site's last request must reach storage.session: each holds a time no earlier than its last send.
    const setup = await openPage(b, 'bench-setup.html');
    const unwatchedHosts = Array.from({ length: BURST_HOSTS }, (_, i) => site(i, 'u'));
    const watchedHosts = Array.from({ length: BURST_HOSTS }, (_, i) => site(i));
    /** @param {Record<string, number>} lastIssued */
    const verify = async (lastIssued) => {
      const stored = await setup.evaluate((d) => window.benchSetup.lastRequests(d), watchedHosts);
      return watchedHosts.every((h, i) => (stored[i] ?? -1) >= (lastIssued[h] ?? Infinity));
    };

    /** @type {Awaited<ReturnType<typeof burst>>[]} */
    const unwatched = [];
    /** @type {Awaited<ReturnType<typeof burst>>[]} */
    const watchedBursts = [];
    for (let r = 0; r < rounds; r += 1) {
      unwatched.push(await burst(b, pids, page, server.origin, unwatchedHosts, requests, { profile }));
      watchedBursts.push(await burst(b, pids, page, server.origin, watchedHosts, requests, { verify, profile }));
    }
    await setup.close();
    await page.close();
    return { unwatched, watched: watchedBursts };
  } finally {
    await b.close();
    await server.close();
  }
}
