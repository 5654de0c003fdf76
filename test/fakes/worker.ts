/**
 * A background worker started against the in-memory browser, with the fake
 * clock, plus the few steps most worker tests take.
 */
import { afterEach, beforeEach } from 'vitest';
import { browserDeps } from '../../src/background/worker-deps';
import { startWorker, type Worker } from '../../src/background/worker';
import { originsFor } from '../../src/core/origins';
import { DEFAULTS, SETTINGS_KEY, type Settings, type WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import browser, {
  type BrowserMode,
  dropListeners,
  fakeAlarms,
  fakeClock,
  fakeCookies,
  fakePermissions,
  fakeRuntime,
  resetBrowser,
} from './browser';

/** Workers started by one test file's tests; stopTestWorkers() in its afterEach stops them. */
const running: Worker[] = [];

/**
 * Starts the real wiring (src/background/worker.ts) on the fake browser. Its
 * idle() first lets the cookie events already on their way arrive (the fake,
 * like the browsers, delivers them after the change), then waits for the
 * work they started, until none is on its way.
 */
export function startTestWorker(): Worker {
  const worker = startWorker({ ...browserDeps(), now: fakeClock.now });
  const wrapped: Worker = {
    async idle() {
      do {
        await Promise.resolve();
        await worker.idle();
      } while (fakeCookies.undelivered() > 0);
    },
    stop: () => worker.stop(),
  };
  running.push(wrapped);
  return wrapped;
}

/** Stops every worker started since the last call: for afterEach. */
export function stopTestWorkers(): void {
  for (const worker of running.splice(0)) worker.stop();
}

/** The browser stops the idle worker; the next event starts a new one with nothing in memory. */
export function restartTestWorker(worker: Worker): Worker {
  worker.stop();
  dropListeners();
  return startTestWorker();
}

/** A freshly installed worker in `mode`, watching `domains` (a name given as text is its own site) with access to them. */
export async function installedWorker(mode: BrowserMode, ...domains: Array<string | WatchedDomain>): Promise<Worker> {
  resetBrowser({ mode });
  const ws = domains.map((d) => (typeof d === 'string' ? watched(d) : d));
  await watch(...ws);
  grantAccess(...ws);
  const worker = startTestWorker();
  fakeRuntime.install();
  await worker.idle();
  return worker;
}

/** The alarms set, by name: when each fires (ms). */
export async function scheduledAlarms(): Promise<Record<string, number>> {
  return Object.fromEntries((await browser.alarms.getAll()).map((a) => [a.name, a.scheduledTime]));
}

export function watched(domain: string, site = domain): WatchedDomain {
  return { domain, site, leadMinutes: null, warnings: true };
}

/** Stores settings watching these domains, as the options page would. */
export async function watch(...domains: WatchedDomain[]): Promise<Settings> {
  const settings: Settings = { ...DEFAULTS, domains };
  await browser.storage.sync.set({ [SETTINGS_KEY]: settings });
  return settings;
}

/** Host access for these domains, granted up front (no onAdded event). */
export function grantAccess(...domains: WatchedDomain[]): void {
  fakePermissions.grantAtInstall(domains.flatMap((w) => originsFor(w)));
}

/** Every stored record, by id (records are stored as JSON text). */
export function storedRecords(): Record<string, CookieRecord> {
  const out: Record<string, CookieRecord> = {};
  for (const [key, value] of Object.entries(browser.storage.local.snapshot())) {
    if (!key.startsWith('cookie:')) continue;
    if (typeof value !== 'string') throw new Error(`${key} is stored as ${typeof value}, not as JSON text`);
    out[key.slice('cookie:'.length)] = JSON.parse(value) as CookieRecord;
  }
  return out;
}

/** Everything in every storage area as one string: for "never stored" assertions. */
export function allStorageText(): string {
  return JSON.stringify([browser.storage.local.snapshot(), browser.storage.sync.snapshot(), browser.storage.session.snapshot()]);
}

/** The unhandled rejections of each test, for "the worker leaves none" assertions (registers its own hooks). */
export function unhandledRejections(): unknown[] {
  const seen: unknown[] = [];
  const onUnhandled = (reason: unknown) => seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  return seen;
}

/** Time passes with the machine awake until `until`: each alarm fires when due, and the worker settles after each. */
export async function liveUntil(worker: Worker, until: number): Promise<void> {
  await worker.idle();
  for (;;) {
    const next = Math.min(...(await browser.alarms.getAll()).map((a) => a.scheduledTime));
    if (!Number.isFinite(next) || next > until) break;
    // Cookie events arrive in a later task, as in the browsers: those already sent come before the alarm.
    await fakeCookies.delivered();
    fakeClock.set(Math.max(next, fakeClock.now()));
    fakeAlarms.fireDue();
    await worker.idle();
  }
  await fakeCookies.delivered();
  fakeClock.set(until);
}
