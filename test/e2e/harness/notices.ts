/**
 * The notifications the extension showed, read back from the extension.
 * Neither browser hands a notification's content back, and they keep
 * different traces of one:
 * - Chromium lists a shown notification in notifications.getAll() until it
 *   is cleared, headless too; a test that clears it sees it again only if it
 *   is shown again.
 * - Headless Firefox closes every notification at once, which fires
 *   notifications.onClosed in each extension page: the probe counts those,
 *   one per notification shown, whether the background was stopped or not.
 * Title and message: Firefox records every notice on the browser's side
 * (Driver.shownNotices), whatever background showed it; in Chromium they
 * come from a recorder put around notifications.create in the background
 * running at the time (it calls through, changing nothing), which sees what
 * that background shows until the browser stops it.
 * The product's own record is storage.local `warnings` (key -> when given).
 */
import type { Driver } from './driver';
import type { ExtApi, ExtGlobal, ExtNotificationOptions } from './ext-api';

export interface ShownNotice {
  id: string;
  title: string;
  message: string;
  at: number;
}

export interface NoticeReading {
  at: number;
  /** notifications.getAll(): Chromium lists the shown ones not yet cleared; headless Firefox none. */
  open: string[];
  /** notifications.onClosed as the probe saw it since startNoticeLog (Firefox: one per notification shown). */
  closed: { id: string; at: number }[];
  /** What the recorder saw; null when the background running now has no recorder (it was stopped since). */
  shown: ShownNotice[] | null;
  /** storage.local `warnings`, the product's record of what it has given: key -> when (ms). */
  log: Record<string, number>;
}

const CLOSED_KEY = '__sessionWatchE2eClosedNotices';
const SHOWN_KEY = '__sessionWatchE2eShownNotices';

/** Puts the recorder into the running background; false if it was already there. */
export async function recordNoticesInBackground(driver: Driver): Promise<boolean> {
  return driver.evaluateInBackground((bg, key) => {
    const g = bg as unknown as ExtGlobal & Record<string, unknown>;
    if (Array.isArray(g[key])) return false;
    const shown: { id: string; title: string; message: string; at: number }[] = [];
    g[key] = shown;
    const apis: ExtApi['notifications'][] = [];
    for (const api of [g.chrome, g.browser]) if (api && !apis.includes(api.notifications)) apis.push(api.notifications);
    for (const api of apis) {
      const create = api.create.bind(api) as (...a: unknown[]) => Promise<string>;
      // Calls through with every argument (the polyfill adds a callback in Chromium).
      api.create = function (this: unknown, ...args: unknown[]) {
        const [first, second] = args;
        const id = typeof first === 'string' ? first : '';
        const options = (typeof first === 'string' ? second : first) as ExtNotificationOptions | undefined;
        shown.push({ id, title: String(options?.title ?? ''), message: String(options?.message ?? ''), at: Date.now() });
        return create(...args);
      };
    }
    return true;
  }, SHOWN_KEY);
}

/** Starts counting notifications.onClosed in the probe and puts the recorder into the background. */
export async function startNoticeLog(driver: Driver): Promise<void> {
  const probe = await driver.probe();
  await probe.evaluate((key) => {
    const w = window as unknown as Record<string, { id: string; at: number }[] | undefined>;
    if (w[key]) return;
    const closed: { id: string; at: number }[] = [];
    w[key] = closed;
    const g = globalThis as unknown as ExtGlobal;
    (g.browser ?? g.chrome)?.notifications.onClosed.addListener((id: string) => closed.push({ id, at: Date.now() }));
  }, CLOSED_KEY);
  if (!driver.shownNotices) await recordNoticesInBackground(driver);
}

/**
 * One reading. The recorder is read first: the product writes its log before
 * it shows a notice, and a browser lists (Chromium) or closes (Firefox) a
 * notice only once shown, so whatever the recorder saw is in the rest too.
 */
export async function readNotices(driver: Driver): Promise<NoticeReading> {
  let shown: ShownNotice[] | null = null;
  if (driver.shownNotices) {
    shown = await driver.shownNotices();
  } else {
    try {
      shown = await driver.evaluateInBackground((bg, key) => {
        const list = (bg as unknown as Record<string, ShownNotice[] | undefined>)[key];
        return Array.isArray(list) ? [...list] : null;
      }, SHOWN_KEY);
    } catch {
      // No background the test can reach runs now: nothing recorded survives a stop.
    }
  }
  const probe = await driver.probe();
  const fromProbe = await probe.evaluate(async (key) => {
    const g = globalThis as unknown as ExtGlobal;
    const api = (g.browser ?? g.chrome) as ExtApi;
    const log = (await api.storage.local.get(null))['warnings'];
    return {
      at: Date.now(),
      open: Object.keys(await api.notifications.getAll()),
      closed: [...((window as unknown as Record<string, { id: string; at: number }[] | undefined>)[key] ?? [])],
      log: (typeof log === 'object' && log !== null ? log : {}) as Record<string, number>,
    };
  }, CLOSED_KEY);
  return { ...fromProbe, shown };
}

/** Clears a notification as the user would dismiss it (Chromium: so that showing it again would list it again). */
export async function clearNotice(driver: Driver, id: string): Promise<void> {
  const probe = await driver.probe();
  await probe.evaluate(async (n) => {
    const g = globalThis as unknown as ExtGlobal;
    await (g.browser ?? g.chrome)?.notifications.clear(n);
  }, id);
}

/** Keys of the warnings log about one cookie record, by kind: "warn|<id>|<expiresAt>", "end|<id>|<at>". */
export function logKeys(log: Record<string, number>, kind: 'warn' | 'end', recordId: string): string[] {
  const prefix = `${kind}|${recordId}|`;
  // The rest after the id is one number (or "session"): a longer id that starts with this one does not match.
  return Object.keys(log).filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('|'));
}
