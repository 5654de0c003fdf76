/**
 * The warnings already given, in storage.local under `warnings`: key (from
 * core/schedule: warningKey, endKey) -> when it was given (epoch ms). It is
 * what makes each warning come once across worker and browser restarts.
 */
import browser from 'webextension-polyfill';
import { isStoredTime, storedType, type StoredRepair } from './stored-repair';

export const WARNINGS_KEY = 'warnings';

export type WarningLog = Record<string, number>;

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An entry worth keeping; "__proto__" is no warning key, and assigning it would not store it anyway. */
function isEntry(key: string, at: unknown): at is number {
  return key !== '__proto__' && isStoredTime(at);
}

function logOf(value: unknown): WarningLog {
  const log: WarningLog = {};
  if (!isMap(value)) return log;
  for (const [key, at] of Object.entries(value)) {
    if (isEntry(key, at)) log[key] = at;
  }
  return log;
}

async function stored(): Promise<unknown> {
  return (await browser.storage.local.get(WARNINGS_KEY))[WARNINGS_KEY];
}

/** The stored log; anything malformed in it is dropped (at worst a warning comes again). */
export async function readWarnings(): Promise<WarningLog> {
  return logOf(await stored());
}

export async function writeWarnings(log: WarningLog): Promise<void> {
  await browser.storage.local.set({ [WARNINGS_KEY]: log });
}

/**
 * Checks the stored log: a value of another type is reset, malformed entries
 * are dropped and every valid one kept. Call it where nothing else writes
 * the log (the worker's exclusive work).
 */
export async function repairWarnings(): Promise<StoredRepair[]> {
  const value = await stored();
  if (value === undefined) return [];
  if (!isMap(value)) {
    await writeWarnings({});
    return [{ key: WARNINGS_KEY, what: `expected warning keys with the times they were given, got ${storedType(value)}; reset` }];
  }
  const dropped = Object.entries(value).filter(([key, at]) => !isEntry(key, at)).length;
  if (dropped === 0) return [];
  await writeWarnings(logOf(value));
  return [{ key: WARNINGS_KEY, what: `${dropped} malformed entr${dropped === 1 ? 'y' : 'ies'} dropped` }];
}
