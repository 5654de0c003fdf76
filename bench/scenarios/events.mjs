/**
 * Cookie-change CPU: one browser run of one extension (the product, or the
 * floor extension whose listener is empty), two bursts of cookie changes
 * made through DevTools (context.addCookies = Storage.setCookies, in batches
 * of 1,000), and the CPU time the extension's service worker thread spent on
 * them, read from /proc/<pid>/task/<tid>/schedstat (nanoseconds).
 *
 * Each re-set of an existing cookie is two cookies.onChanged events in
 * Chromium (removed/"overwrite", then added/"explicit"), so N rounds over C
 * cookies are 2*N*C changes.
 */
import { launch } from '../lib/chromium.mjs';
import { cpuCounters, openPage, seedWatchedSites, workerQuiet } from '../lib/pages.mjs';
import { startProfile, summariseProfile } from '../lib/profile.mjs';
import { cookie, recordId, site, siteCookies } from '../lib/seed.mjs';
import { sleep } from '../lib/stats.mjs';

const SITES = 50;
const PER_SITE = 4;
const UNWATCHED_SITES = 20;
const UNWATCHED_PER_SITE = 5;
const BATCH = 1000;

/** @typedef {ReturnType<typeof cookie>} SetCookie */

/** @param {number} now */
function unwatchedCookies(now) {
  /** @type {SetCookie[]} */
  const out = [];
  for (let s = 0; s < UNWATCHED_SITES; s += 1) {
    for (let c = 0; c < UNWATCHED_PER_SITE; c += 1) out.push(cookie(site(s, 'u'), `c${c}`, now, 3600));
  }
  return out;
}

/** Round r of a burst: every cookie re-set with a new value and an expiry r+1 s later (a refresh). */
const round = (/** @type {SetCookie[]} */ cookies, /** @type {number} */ r) =>
  cookies.map((c) => ({ ...c, value: `r${r}`, expires: (c.expires ?? 0) + r + 1 }));

/**
 * @param {import('../lib/chromium.mjs').Bench} b
 * @param {number} pid the extension process
 * @param {SetCookie[]} cookies
 * @param {number} events how many changes to make
 * @param {{ verify?: ((rounds: number) => Promise<boolean>) | null; profile?: boolean }} options
 */
async function burst(b, pid, cookies, events, { verify = null, profile = false } = {}) {
  const rounds = Math.round(events / (2 * cookies.length));
  const before = cpuCounters(pid);
  await sleep(1000);
  const idle = cpuCounters(pid);
  const idleRate = (idle.worker - before.worker) / (idle.at - before.at);

  let stop = null;
  if (profile) stop = await startProfile(await b.workerSession(), 200);
  const browserPids = b.processes().map((p) => p.pid);
  const start = cpuCounters(pid, browserPids);
  /** @type {SetCookie[]} */
  let batch = [];
  for (let r = 0; r < rounds; r += 1) {
    batch.push(...round(cookies, r));
    if (batch.length >= BATCH || r === rounds - 1) {
      await b.context.addCookies(batch);
      batch = [];
    }
  }
  const sentMs = performance.now() - start.at;
  // Done = the stored state is final (when there is one to check) and the worker has gone quiet.
  for (;;) {
    await workerQuiet(pid, { quietMs: profile ? 20 : 2 });
    if (!verify || (await verify(rounds))) break;
  }
  const end = cpuCounters(pid, browserPids);
  const elapsed = end.at - start.at;
  const workerMs = end.worker - start.worker - idleRate * elapsed;
  /** @type {{ changes: number; workerMs: number; perChangeUs: number; processMs: number; browserTotalMs: number; sentMs: number; wallMs: number; profile?: ReturnType<typeof summariseProfile>; verified?: boolean }} */
  const out = {
    changes: 2 * rounds * cookies.length,
    workerMs,
    perChangeUs: (workerMs * 1000) / (2 * rounds * cookies.length),
    processMs: end.process - start.process,
    browserTotalMs: end.browser - start.browser,
    sentMs,
    wallMs: elapsed,
  };
  if (stop) out.profile = summariseProfile(await stop(), { dir: b.dir });
  return out;
}

/**
 * kind: 'subject' (the product, 50 watched sites) or 'floor' (empty listener).
 * @param {string} dir the extension
 * @param {'subject' | 'floor'} kind
 * @param {{ unwatchedEvents: number; watchedEvents: number; profile?: boolean }} plan
 */
export async function runEvents(dir, kind, { unwatchedEvents, watchedEvents, profile = false }) {
  const b = await launch(dir);
  try {
    const pid = await b.extensionPid();
    const now = Date.now();
    const unwatched = unwatchedCookies(now);
    const watchedSet = siteCookies(SITES, PER_SITE, now);
    if (kind === 'subject') {
      await seedWatchedSites(b, SITES, watchedSet);
    } else {
      await b.context.addCookies(watchedSet);
    }
    await b.context.addCookies(unwatched);
    await workerQuiet(pid);

    const unwatchedBurst = await burst(b, pid, unwatched, unwatchedEvents, { profile });

    /** @type {((rounds: number) => Promise<boolean>) | null} */
    let verify = null;
    /** @type {import('playwright-core').Page | null} */
    let setup = null;
    if (kind === 'subject') {
      // Every watched change must reach storage: each record ends up with the last round's expiry.
      const page = await openPage(b, 'bench-setup.html');
      setup = page;
      verify = async (rounds) => {
        /** @type {[string, number][]} */
        const expected = watchedSet.map((c) => [recordId(new URL(c.url ?? '').host, c.name), ((c.expires ?? 0) + rounds) * 1000]);
        return (await page.evaluate((e) => window.benchSetup.matching(e), expected)) === expected.length;
      };
    }
    const watchedBurst = await burst(b, pid, watchedSet, watchedEvents, { verify, profile });
    watchedBurst.verified = verify !== null;
    if (setup) await setup.close();
    return { kind, unwatched: unwatchedBurst, watched: watchedBurst };
  } finally {
    await b.close();
  }
}
