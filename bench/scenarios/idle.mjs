/**
 * Idle: three watched sessions (5 min, 40 min, 3 h), no popup, one simulated
 * hour. The worker's clock is driven: Date.now in the worker is shifted to
 * each planned alarm's time in turn and the worker is woken the way an alarm
 * wakes it (a real alarm, whose onAlarm runs the same planner run as any
 * other). Its planned alarms are read back with chrome.alarms.getAll() after
 * every wake, and setTimeout/setInterval calls in the worker are counted
 * throughout. A wake is "due" when it showed a notice or a session ended.
 */
import { launch } from '../lib/chromium.mjs';
import { waitFor, withSetup, workerQuiet } from '../lib/pages.mjs';
import { cookie, site, watched } from '../lib/seed.mjs';

const PLANNED = /^(warn|end|badge)\|/;
const LIFETIMES_S = [5 * 60, 40 * 60, 3 * 3600];
const HOUR = 3_600_000;

/** @param {string} dir the extension */
export async function runIdle(dir) {
  const b = await launch(dir);
  try {
    const pid = await b.extensionPid();
    await b.worker.evaluate(() => {
      const realNow = Date.now.bind(Date);
      const state = { offset: 0, timeouts: 0, intervals: 0, realNow };
      Object.defineProperty(globalThis, '__benchIdle', { value: state });
      Date.now = () => realNow() + state.offset;
      // Typed as the worker's own timers (numbers), not Node's: this runs in the worker.
      /** @typedef {(handler: TimerHandler, timeout?: number, ...args: unknown[]) => number} Timer */
      const st = /** @type {Timer} */ (globalThis.setTimeout);
      const si = /** @type {Timer} */ (globalThis.setInterval);
      /** @type {Timer} */
      const countedTimeout = (...args) => {
        state.timeouts += 1;
        return st(...args);
      };
      /** @type {Timer} */
      const countedInterval = (...args) => {
        state.intervals += 1;
        return si(...args);
      };
      Object.assign(globalThis, { setTimeout: countedTimeout, setInterval: countedInterval });
    });
    const hosts = LIFETIMES_S.map((_, i) => site(i, 'idle'));
    const now = Date.now();
    await withSetup(b, async (setup) => {
      await setup.evaluate((d) => window.benchSetup.setSettings(d, { showAllCookies: false }), hosts.map(watched));
      await b.context.addCookies(LIFETIMES_S.map((lifetime, i) => cookie(site(i, 'idle'), 'sessionid', now, lifetime, { httpOnly: true })));
      await waitFor(async () => (await setup.evaluate(() => window.benchSetup.countRecords())).live === hosts.length, {
        what: 'three records',
      });
    });
    await workerQuiet(pid);

    const snapshot = () =>
      b.worker.evaluate(async () => {
        const alarms = await chrome.alarms.getAll();
        const notices = Object.keys(await chrome.notifications.getAll());
        const { warnings = {} } = /** @type {{ warnings?: Record<string, number> }} */ (await chrome.storage.local.get('warnings'));
        const items = await chrome.storage.local.get(null);
        // Records are stored as JSON text.
        const ended = Object.entries(items).filter(([k, v]) => {
          if (!k.startsWith('cookie:')) return false;
          /** @type {unknown} */
          const record = JSON.parse(/** @type {string} */ (v));
          return Boolean(/** @type {{ ended: unknown }} */ (record).ended);
        }).length;
        return {
          alarms: alarms.map((a) => ({ name: a.name, at: a.scheduledTime })),
          notices,
          given: Object.keys(warnings).length,
          ended,
          timeouts: globalThis.__benchIdle.timeouts,
          intervals: globalThis.__benchIdle.intervals,
          now: Date.now(),
        };
      });

    const first = await snapshot();
    const start = first.now;
    const wakes = [];
    let last = first;
    for (let i = 0; i < 30; i += 1) {
      const planned = last.alarms.filter((a) => PLANNED.test(a.name));
      const overdue = planned.filter((a) => a.at <= last.now);
      const next = Math.min(...planned.map((a) => a.at));
      if (overdue.length > 0) throw new Error(`alarms left behind in the past: ${overdue.map((a) => a.name).join(', ')}`);
      if (!Number.isFinite(next) || next > start + HOUR) break;
      const firing = planned.filter((a) => a.at === next).map((a) => a.name.split('|')[0]);
      await b.worker.evaluate(async (at) => {
        const state = globalThis.__benchIdle;
        state.offset = at - state.realNow();
        await chrome.alarms.create('bench|wake', { when: state.realNow() + 1 });
      }, next);
      await workerQuiet(pid, { windowMs: 300 });
      const after = await snapshot();
      const gaveNotice = after.given > last.given || after.notices.join() !== last.notices.join();
      const endedNow = after.ended > last.ended || firing.includes('end');
      wakes.push({
        atMin: Math.round(((next - start) / 60_000) * 10) / 10,
        alarms: firing,
        due: gaveNotice || endedNow,
        plannedAfter: after.alarms.filter((a) => PLANNED.test(a.name)).length,
      });
      last = after;
    }
    return {
      method: 'worker clock driven (Date.now shifted inside the worker), woken by a real alarm at each planned alarm time',
      sessions: LIFETIMES_S.map((s) => `${s / 60} min`),
      plannedAtStart: first.alarms
        .filter((a) => PLANNED.test(a.name))
        .map((a) => ({ name: a.name.split('|')[0], inMin: Math.round(((a.at - start) / 60_000) * 10) / 10 })),
      wakes,
      wakeCount: wakes.length,
      undueWakes: wakes.filter((w) => !w.due).length,
      setTimeoutCalls: last.timeouts,
      setIntervalCalls: last.intervals,
      maxPlannedAlarms: Math.max(first.alarms.length, ...wakes.map((w) => w.plannedAfter)),
    };
  } finally {
    await b.close();
  }
}
