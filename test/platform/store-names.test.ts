import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  containerNames,
  onContainersChanged,
  onStoreNamesChanged,
  readStoreNames,
  repairStoreNames,
  STORE_NAMES_KEY,
  writeStoreNames,
} from '../../src/platform/store-names';
import browser, { fakeContainers, resetBrowser } from '../fakes/browser';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetBrowser());

describe('container names', () => {
  it('Firefox: each container store by its name', async () => {
    resetBrowser({ mode: 'firefox' });
    const work = await browser.contextualIdentities!.create({ name: 'Work', color: 'blue', icon: 'briefcase' });
    const bank = await browser.contextualIdentities!.create({ name: 'Banking', color: 'green', icon: 'dollar' });
    expect(await containerNames()).toEqual({ [work.cookieStoreId]: 'Work', [bank.cookieStoreId]: 'Banking' });
    expect(work.cookieStoreId).toBe('firefox-container-1');
  });

  it('Chromium has no containers: no names, no listeners, no errors', async () => {
    expect(browser.contextualIdentities).toBeUndefined();
    expect(await containerNames()).toEqual({});
    const off = onContainersChanged(() => undefined);
    off();
  });

  it('containers turned off by the user: no names', async () => {
    resetBrowser({ mode: 'firefox' });
    await browser.contextualIdentities!.create({ name: 'Work', color: 'blue', icon: 'briefcase' });
    fakeContainers.disable();
    expect(await containerNames()).toEqual({});
  });

  it('onContainersChanged hears a container created, renamed and removed', async () => {
    resetBrowser({ mode: 'firefox' });
    const cb = vi.fn();
    const off = onContainersChanged(cb);
    const c = await browser.contextualIdentities!.create({ name: 'Work', color: 'blue', icon: 'briefcase' });
    await browser.contextualIdentities!.update(c.cookieStoreId, { name: 'Office' });
    await browser.contextualIdentities!.remove(c.cookieStoreId);
    expect(cb).toHaveBeenCalledTimes(3);
    off();
    await browser.contextualIdentities!.create({ name: 'Other', color: 'red', icon: 'fruit' });
    expect(cb).toHaveBeenCalledTimes(3);
  });
});

describe('stored store names', () => {
  it('round-trip under `stores`, shape-checked on the way back', async () => {
    expect(await readStoreNames()).toEqual({});
    await writeStoreNames({ 'firefox-container-1': 'Work' });
    expect(browser.storage.local.snapshot()).toEqual({ [STORE_NAMES_KEY]: { 'firefox-container-1': 'Work' } });
    expect(await readStoreNames()).toEqual({ 'firefox-container-1': 'Work' });
    await browser.storage.local.set({ [STORE_NAMES_KEY]: { a: 'ok', b: 5, c: '', d: 'x'.repeat(500) } });
    expect(await readStoreNames()).toEqual({ a: 'ok' });
    await browser.storage.local.set({ [STORE_NAMES_KEY]: ['Work'] });
    expect(await readStoreNames()).toEqual({});
  });

  it('onStoreNamesChanged gives the new names', async () => {
    const cb = vi.fn();
    const off = onStoreNamesChanged(cb);
    await writeStoreNames({ 'firefox-container-2': 'Banking' });
    await browser.storage.local.set({ other: 1 });
    await flush();
    expect(cb.mock.calls).toEqual([[{ 'firefox-container-2': 'Banking' }]]);
    off();
  });
});

describe('repairing the stored names', () => {
  it('sound names, or none, are left as they are', async () => {
    expect(await repairStoreNames()).toEqual([]);
    await writeStoreNames({ 'firefox-container-1': 'Work' });
    expect(await repairStoreNames()).toEqual([]);
    expect(browser.storage.local.snapshot()).toEqual({ [STORE_NAMES_KEY]: { 'firefox-container-1': 'Work' } });
  });

  it.each([
    ['a string', 'SECRET'],
    ['a list', ['Work']],
    ['null', null],
    ['a number', 1],
  ])('names that are %s are reset', async (type, value) => {
    await browser.storage.local.set({ [STORE_NAMES_KEY]: value });
    expect(await repairStoreNames()).toEqual([
      { key: STORE_NAMES_KEY, what: `expected container names by cookie store, got ${type}; reset` },
    ]);
    expect(browser.storage.local.snapshot()).toEqual({ [STORE_NAMES_KEY]: {} });
  });

  it('drops malformed entries (and a __proto__ key), keeping every valid one', async () => {
    await browser.storage.local.set({
      [STORE_NAMES_KEY]: JSON.parse(
        `{"firefox-container-1": "Work", "firefox-container-2": 7, "__proto__": "x", "firefox-container-3": "${'y'.repeat(300)}", "firefox-container-4": ""}`,
      ) as unknown,
    });
    expect(await repairStoreNames()).toEqual([{ key: STORE_NAMES_KEY, what: '4 malformed entries dropped' }]);
    expect(await readStoreNames()).toEqual({ 'firefox-container-1': 'Work' });
  });
});
