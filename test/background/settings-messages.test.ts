import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/platform/settings-store';
import { send } from '../../src/platform/messaging';
import { resetBrowser } from '../fakes/browser';
import { installedWorker, stopTestWorkers } from '../fakes/worker';

const site = { domain: 'example.com', site: 'example.com', leadMinutes: null, warnings: true };

beforeEach(() => resetBrowser());
afterEach(() => stopTestWorkers());

describe("the popup's settings changes, made by the worker", () => {
  it('"Show all cookies" is saved, and an answer that is not true or false changes nothing', async () => {
    await installedWorker('chromium', site);
    expect(await send('setShowAll', { on: true })).toEqual({ ok: true });
    expect((await readSettings()).settings.showAllCookies).toBe(true);
    expect(await send('setShowAll', { on: 'yes' as unknown as boolean })).toEqual({ ok: false });
    expect((await readSettings()).settings.showAllCookies).toBe(true);
  });

  it.each(['chromium', 'firefox'] as const)('a mark is saved and cleared; one for an unwatched domain is refused (%s)', async (mode) => {
    await installedWorker(mode, site);
    expect(await send('setMark', { domain: 'example.com', name: '__proto__', mark: true })).toEqual({ ok: true });
    expect((await readSettings()).settings.domains[0]?.marks).toEqual(JSON.parse('{"__proto__": true}'));
    expect(await send('setMark', { domain: 'example.com', name: '__proto__', mark: null })).toEqual({ ok: true });
    expect((await readSettings()).settings.domains[0]?.marks).toBeUndefined();
    expect(await send('setMark', { domain: 'other.org', name: 'sid', mark: true })).toEqual({ ok: false });
    expect(await send('setMark', { domain: 'example.com', name: 'x'.repeat(129), mark: true })).toEqual({ ok: false });
    expect((await readSettings()).settings.domains).toEqual([site]);
  });
});
