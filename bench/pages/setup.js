// A bench-only page in the bench build: it writes settings and records with
// the product's own storage module (the one the options page and the worker
// use), so the stored layout is always the product's.
import { firstScreenOf } from '../../src/core/first-screen';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { readActivity } from '../../src/platform/activity-store';
import { keepFirstScreen } from '../../src/platform/first-screen-store';
import { readRecords, readStampedRecords, removeRecords, writeRecords } from '../../src/platform/records-store';
import { readSettings, updateSettings } from '../../src/platform/settings-store';

// Typed by the storage module's own signatures, so they follow it wherever the types live.
/** @typedef {Parameters<Parameters<typeof updateSettings>[0]>[0]} Settings */
/** @typedef {Parameters<typeof writeRecords>[0][number]} CookieRecord */

const setup = {
  /**
   * Replaces the watched domains and merges `extra` into the settings.
   * @param {Settings['domains']} domains
   * @param {Partial<Settings>} extra
   */
  async setSettings(domains, extra = {}) {
    const next = await updateSettings((s) => ({ ...s, ...extra, domains }));
    return next.domains.length;
  },
  async readSettings() {
    return (await readSettings()).settings;
  },
  async countRecords() {
    const records = await readRecords();
    return { total: records.length, live: records.filter((r) => r.ended === null).length };
  },
  /** @param {string} id */
  async record(id) {
    return (await readRecords()).find((r) => r.id === id) ?? null;
  },
  /**
   * How many of the given records hold the given expiry: [[id, expiresAt], ...].
   * @param {[string, number][]} expected
   */
  async matching(expected) {
    const byId = new Map((await readRecords()).map((r) => [r.id, r]));
    return expected.filter(([id, at]) => byId.get(id)?.expiresAt === at && byId.get(id)?.ended === null).length;
  },
  /**
   * When each watched domain's last request was, as the worker last wrote it (storage.session).
   * @param {string[]} domains
   */
  async lastRequests(domains) {
    const log = await readActivity();
    return domains.map((d) => log[d]?.lastRequestAt ?? null);
  },
  /**
   * The popup-ready floor's one key (pages/rows-floor.js): the display data
   * of the first 50 rows the popup lists (session cookies, or every cookie
   * with "Show all cookies" on, soonest end first), as JSON text.
   * @param {boolean} showAll
   */
  async writeFloorRows(showAll) {
    const now = Date.now();
    const rows = (await readRecords())
      .filter((r) => r.ended === null && r.expiresAt !== null && (showAll || r.name === 'sessionid'))
      .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0))
      .slice(0, 50)
      .map((r) => {
        const at = r.expiresAt ?? now;
        const left = Math.max(0, Math.ceil((at - now) / 1000));
        return {
          id: r.id,
          site: r.domain,
          name: r.name,
          expires: new Date(at).toLocaleString(),
          remaining: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`,
          status: 'Active',
        };
      });
    await chrome.storage.local.set({ benchFloorRows: JSON.stringify(rows) });
    return rows.length;
  },
  /** The popup's first screen for the records as stored, as the worker's planner writes it after records it wrote. */
  async writeFirstScreen() {
    const [{ settings }, { records, stamp }] = await Promise.all([readSettings(), readStampedRecords()]);
    const screen = firstScreenOf(records, settings, NO_KNOWLEDGE, Date.now(), stamp);
    await keepFirstScreen(screen);
    return screen.ids.length;
  },
  async clearRecords() {
    const ids = (await readRecords()).map((r) => r.id);
    await removeRecords(ids);
    return ids.length;
  },
  /**
   * Records as the worker writes them, in slices that keep each storage call small.
   * @param {CookieRecord[]} records
   */
  async writeRecords(records, slice = 500) {
    for (let i = 0; i < records.length; i += slice) await writeRecords(records.slice(i, i + slice));
    return records.length;
  },
};
/** @typedef {typeof setup} BenchSetup */
globalThis.benchSetup = setup;
document.documentElement.dataset.ready = 'true';
