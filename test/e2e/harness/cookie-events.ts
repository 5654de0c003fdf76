/**
 * Records cookies.onChanged as the browser delivers it to the extension, from
 * the probe tab (an extension context that runs no product code). Names,
 * domains and causes only: never values.
 */
import type { Driver } from './driver';
import type { ExtCookieChange, ExtGlobal } from './ext-api';

export interface CookieEvent {
  at: number;
  removed: boolean;
  cause: string;
  name: string;
  domain: string;
}

const KEY = '__sessionWatchE2eCookieEvents';

export async function startCookieEventLog(driver: Driver): Promise<void> {
  const probe = await driver.probe();
  await probe.evaluate((key) => {
    const w = window as unknown as Record<string, CookieEvent[] | undefined>;
    if (w[key]) return;
    const log: CookieEvent[] = [];
    w[key] = log;
    const g = globalThis as unknown as ExtGlobal;
    (g.browser ?? g.chrome)?.cookies.onChanged.addListener((change: ExtCookieChange) => {
      log.push({ at: Date.now(), removed: change.removed, cause: change.cause, name: change.cookie.name, domain: change.cookie.domain });
    });
  }, KEY);
}

export async function readCookieEvents(driver: Driver): Promise<CookieEvent[]> {
  const probe = await driver.probe();
  return probe.evaluate((key) => (window as unknown as Record<string, CookieEvent[] | undefined>)[key] ?? [], KEY);
}
