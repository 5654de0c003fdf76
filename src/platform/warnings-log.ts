/**
 * The warnings already given, in storage.local under `warnings`: key (from
 * core/schedule: warningKey, endKey) -> when it was given (epoch ms). It is
 * what makes each warning come once across worker and browser restarts.
 */
import browser from 'webextension-polyfill';

export const WARNINGS_KEY = 'warnings';

export type WarningLog = Record<string, number>;

/** The stored log; anything malformed in it is dropped (at worst a warning comes again). */
export async function readWarnings(): Promise<WarningLog> {
  const value: unknown = (await browser.storage.local.get(WARNINGS_KEY))[WARNINGS_KEY];
  const log: WarningLog = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return log;
  for (const [key, at] of Object.entries(value)) {
    if (typeof at === 'number' && Number.isFinite(at)) log[key] = at;
  }
  return log;
}

export async function writeWarnings(log: WarningLog): Promise<void> {
  await browser.storage.local.set({ [WARNINGS_KEY]: log });
}
