/**
 * A background worker started against the in-memory browser, with the fake
 * clock, plus the few steps most worker tests take.
 */
import { browserDeps } from '../../src/background/worker-deps';
import { startWorker, type Worker } from '../../src/background/worker';
import { originsFor } from '../../src/core/origins';
import { DEFAULTS, SETTINGS_KEY, type Settings, type WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import browser, { fakeClock, fakePermissions } from './browser';

/** Starts the real wiring (src/background/worker.ts) on the fake browser. */
export function startTestWorker(): Worker {
  return startWorker({ ...browserDeps(), now: fakeClock.now });
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
