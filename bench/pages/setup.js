// A bench-only page in the bench build: it writes settings and records with
// the product's own storage module (the one the options page and the worker
// use), so the stored layout is always the product's.
import { readActivity } from '../../src/platform/activity-store';
import { readRecords, removeRecords, writeRecords } from '../../src/platform/records-store';
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
