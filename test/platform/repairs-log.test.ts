import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  addRepairs,
  clearRepairs,
  onRepairsChanged,
  readRepairs,
  REPAIRS_KEY,
  REPAIRS_MAX,
  repairRepairsLog,
} from '../../src/platform/repairs-log';
import browser, { resetBrowser } from '../fakes/browser';

const repair = (at: number, key = 'settings', what = 'leadMinutes: expected a whole number; using 2') => ({ at, key, what });
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => resetBrowser());

describe('the list of repairs', () => {
  it('adds, keeps the newest twenty, oldest first, and clears', async () => {
    expect(await readRepairs()).toEqual([]);
    await addRepairs([repair(1), repair(2, 'warnings', 'reset')]);
    expect(await readRepairs()).toEqual([repair(1), repair(2, 'warnings', 'reset')]);
    await addRepairs(Array.from({ length: 25 }, (_, i) => repair(10 + i)));
    const list = await readRepairs();
    expect(list).toHaveLength(REPAIRS_MAX);
    expect(list[0]?.at).toBe(15);
    expect(list.at(-1)?.at).toBe(34);
    await clearRepairs();
    expect(browser.storage.local.snapshot()).toEqual({});
  });

  it('adding nothing writes nothing', async () => {
    const set = vi.spyOn(browser.storage.local, 'set');
    await addRepairs([]);
    expect(set).not.toHaveBeenCalled();
    set.mockRestore();
  });

  it('reads past malformed entries, and keeps only the fields of an entry', async () => {
    await browser.storage.local.set({
      [REPAIRS_KEY]: [repair(1), 'x', { at: 'now', key: 'k', what: 'w' }, { ...repair(2), extra: 'SECRET' }],
    });
    expect(await readRepairs()).toEqual([repair(1), repair(2)]);
  });

  it.each([
    ['a string', 'SECRET'],
    ['an object', { 0: repair(1) }],
    ['null', null],
  ])('a list that is %s is reset', async (type, value) => {
    await browser.storage.local.set({ [REPAIRS_KEY]: value });
    expect(await repairRepairsLog()).toEqual([{ key: REPAIRS_KEY, what: `expected a list of repairs, got ${type}; reset` }]);
    expect(browser.storage.local.snapshot()).toEqual({});
  });

  it('drops malformed entries and unexpected fields, keeping the valid ones', async () => {
    await browser.storage.local.set({ [REPAIRS_KEY]: [repair(1), 7, { ...repair(2), value: 'SECRET' }] });
    expect(await repairRepairsLog()).toEqual([{ key: REPAIRS_KEY, what: '1 malformed entry dropped; unexpected fields dropped' }]);
    expect(browser.storage.local.snapshot()).toEqual({ [REPAIRS_KEY]: [repair(1), repair(2)] });
    expect(await repairRepairsLog()).toEqual([]);
  });

  it('onRepairsChanged hears the list change', async () => {
    const cb = vi.fn();
    const off = onRepairsChanged(cb);
    await addRepairs([repair(1)]);
    await browser.storage.local.set({ unrelated: 1 });
    await flush();
    expect(cb.mock.calls).toEqual([[[repair(1)]]]);
    await clearRepairs();
    await flush();
    expect(cb).toHaveBeenLastCalledWith([]);
    off();
  });
});
