import { beforeEach, describe, expect, it } from 'vitest';
import { readWarnings, repairWarnings, WARNINGS_KEY, writeWarnings } from '../../src/platform/warnings-log';
import browser, { resetBrowser } from '../fakes/browser';

beforeEach(() => resetBrowser());

describe('the warnings log', () => {
  it('round-trips and reads nothing as empty', async () => {
    expect(await readWarnings()).toEqual({});
    await writeWarnings({ 'warn|0|example.com|/|sid|1000': 5 });
    expect(await readWarnings()).toEqual({ 'warn|0|example.com|/|sid|1000': 5 });
  });

  it('a sound log is left exactly as it is', async () => {
    await writeWarnings({ 'warn|a|1': 1, 'end|b|2': 2 });
    expect(await repairWarnings()).toEqual([]);
    expect(await repairWarnings()).toEqual([]);
    expect(browser.storage.local.snapshot()).toEqual({ [WARNINGS_KEY]: { 'warn|a|1': 1, 'end|b|2': 2 } });
  });

  it('nothing stored needs no repair and writes nothing', async () => {
    expect(await repairWarnings()).toEqual([]);
    expect(browser.storage.local.snapshot()).toEqual({});
  });

  it.each([
    ['a string', 'SECRET'],
    ['a number', 3],
    ['a list', [['warn|a|1', 1]]],
    ['null', null],
  ])('a log that is %s is reset', async (type, value) => {
    await browser.storage.local.set({ [WARNINGS_KEY]: value });
    expect(await repairWarnings()).toEqual([
      { key: WARNINGS_KEY, what: `expected warning keys with the times they were given, got ${type}; reset` },
    ]);
    expect(browser.storage.local.snapshot()).toEqual({ [WARNINGS_KEY]: {} });
  });

  it('drops malformed entries (and a __proto__ key), keeping every valid one', async () => {
    await browser.storage.local.set({
      [WARNINGS_KEY]: JSON.parse(
        '{"warn|a|1": 1, "bad": "SECRET", "nested": {"x": 1}, "__proto__": 5, "end|b|2": 2, "huge": 1e300}',
      ) as unknown,
    });
    expect(await repairWarnings()).toEqual([{ key: WARNINGS_KEY, what: '4 malformed entries dropped' }]);
    expect(browser.storage.local.snapshot()).toEqual({ [WARNINGS_KEY]: { 'warn|a|1': 1, 'end|b|2': 2 } });
    expect(await readWarnings()).toEqual({ 'warn|a|1': 1, 'end|b|2': 2 });
  });
});
