import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_ROWS, firstScreenAt, firstScreenHintAt, firstScreenOf, holdsFirstScreen } from '../../src/core/first-screen';
import { NO_KNOWLEDGE } from '../../src/core/lifetime';
import { DEFAULTS, type WatchedDomain } from '../../src/core/settings-defaults';
import { cookieRecordOf } from '../fakes/records';

const NOW = 1_800_000_000_000;
const shop: WatchedDomain = { domain: 'shop.test', site: 'shop.test', leadMinutes: null, warnings: true };
const bank: WatchedDomain = { domain: 'bank.test', site: 'bank.test', leadMinutes: 5, warnings: true };
const settings = { ...DEFAULTS, domains: [shop, bank] };
const session = (domain: string, inMin: number, name = 'sessionid') => cookieRecordOf(name, domain, { expiresAt: NOW + inMin * 60_000 });

describe('firstScreenOf', () => {
  it('lists the sessions soonest end first, with the domains they are listed under and the whole list’s counts', () => {
    const records = [session('shop.test', 30), session('bank.test', 10), session('shop.test', 5, 'theme')];
    expect(firstScreenOf(records, settings, NO_KNOWLEDGE, NOW)).toEqual({
      showAll: false,
      leadMinutes: DEFAULTS.leadMinutes,
      domains: [bank, shop],
      ids: ['0|bank.test|/|sessionid', '0|shop.test|/|sessionid'],
      listed: 2,
      hidden: 1,
    });
  });

  it('lists every cookie when "Show all cookies" is on, ended ones last', () => {
    const ended = cookieRecordOf('old', 'shop.test', { expiresAt: NOW - 1000, ended: { cause: 'expired', at: NOW - 1000 } });
    const records = [ended, session('shop.test', 30), session('shop.test', 5, 'theme')];
    const screen = firstScreenOf(records, { ...settings, showAllCookies: true }, NO_KNOWLEDGE, NOW);
    expect(screen.ids).toEqual(['0|shop.test|/|theme', '0|shop.test|/|sessionid', '0|shop.test|/|old']);
    expect([screen.listed, screen.hidden]).toEqual([3, 0]);
  });

  it('holds at most a first paint of rows, whatever the number of records', () => {
    const records = Array.from({ length: 500 }, (_, i) => session(`s${i}.shop.test`, 500 - i));
    const screen = firstScreenOf(records, { ...settings, showAllCookies: true }, NO_KNOWLEDGE, NOW);
    expect(screen.ids).toHaveLength(FIRST_SCREEN_ROWS);
    expect(screen.ids[0]).toBe('0|s499.shop.test|/|sessionid');
    expect(screen.listed).toBe(500);
    expect(screen.domains).toEqual([shop]);
  });
});

describe('firstScreenAt', () => {
  const good = firstScreenOf([session('shop.test', 30)], settings, NO_KNOWLEDGE, NOW);
  it.each([
    ['not an object', 'text'],
    ['missing ids', { ...good, ids: undefined }],
    ['an id that is not text', { ...good, ids: [1] }],
    ['a negative count', { ...good, listed: -1 }],
    ['a malformed domain', { ...good, domains: [{ domain: 'shop.test' }] }],
    ['too many rows', { ...good, ids: Array.from({ length: FIRST_SCREEN_ROWS + 1 }, (_, i) => `id${i}`) }],
  ])('reads %s as no first screen', (_, raw) => {
    expect(firstScreenAt(raw)).toBeNull();
  });

  it('reads back what firstScreenOf gives', () => {
    expect(firstScreenAt(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(holdsFirstScreen(JSON.parse(JSON.stringify(good)), good)).toBe(true);
    expect(holdsFirstScreen(undefined, good)).toBe(false);
  });
});

describe('firstScreenHintAt', () => {
  it('reads the ids of a stored hint', () => {
    expect(firstScreenHintAt(JSON.stringify(['0|shop.test|/|sessionid', '0|bank.test|/|sessionid']))).toEqual([
      '0|shop.test|/|sessionid',
      '0|bank.test|/|sessionid',
    ]);
    expect(firstScreenHintAt('[]')).toEqual([]);
  });

  it.each([
    ['nothing stored', null],
    ['text that is not JSON', '["0|shop.test'],
    ['an object', '{"ids":["a"]}'],
    ['an id that is not text', '["a",1]'],
    ['more ids than a first screen has', JSON.stringify(Array.from({ length: FIRST_SCREEN_ROWS + 1 }, (_, i) => `id${i}`))],
  ])('reads %s as no hint', (_, text) => {
    expect(firstScreenHintAt(text)).toEqual([]);
  });
});
