import { describe, expect, it } from 'vitest';
import { FIRST_SCREEN_ROWS, firstScreenAt, firstScreenOf, firstScreenRecords, holdsFirstScreen } from '../../src/core/first-screen';
import { encodeRecord, recordAt, recordKey } from '../../src/core/stored-records';
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
    expect(firstScreenOf(records, settings, NO_KNOWLEDGE, NOW, 'stamp-1')).toEqual({
      showAll: false,
      leadMinutes: DEFAULTS.leadMinutes,
      domains: [bank, shop],
      ids: ['0|bank.test|/|sessionid', '0|shop.test|/|sessionid'],
      rows: [encodeRecord(records[1]!), encodeRecord(records[0]!)],
      stamp: 'stamp-1',
      listed: 2,
      hidden: 1,
    });
  });

  it('lists every cookie when "Show all cookies" is on, ended ones last', () => {
    const ended = cookieRecordOf('old', 'shop.test', { expiresAt: NOW - 1000, ended: { cause: 'expired', at: NOW - 1000 } });
    const records = [ended, session('shop.test', 30), session('shop.test', 5, 'theme')];
    const screen = firstScreenOf(records, { ...settings, showAllCookies: true }, NO_KNOWLEDGE, NOW, 'stamp-1');
    expect(screen.ids).toEqual(['0|shop.test|/|theme', '0|shop.test|/|sessionid', '0|shop.test|/|old']);
    expect([screen.listed, screen.hidden]).toEqual([3, 0]);
  });

  it('holds at most a first paint of rows, whatever the number of records', () => {
    const records = Array.from({ length: 500 }, (_, i) => session(`s${i}.shop.test`, 500 - i));
    const screen = firstScreenOf(records, { ...settings, showAllCookies: true }, NO_KNOWLEDGE, NOW, 'stamp-1');
    expect(screen.ids).toHaveLength(FIRST_SCREEN_ROWS);
    expect(screen.rows).toHaveLength(FIRST_SCREEN_ROWS);
    expect(screen.ids[0]).toBe('0|s499.shop.test|/|sessionid');
    expect(screen.listed).toBe(500);
    expect(screen.domains).toEqual([shop]);
  });
});

describe('firstScreenAt', () => {
  const good = firstScreenOf([session('shop.test', 30)], settings, NO_KNOWLEDGE, NOW, 'stamp-1');
  it.each([
    ['not an object', 'text'],
    ['missing ids', { ...good, ids: undefined }],
    ['an id that is not text', { ...good, ids: [1] }],
    ['a negative count', { ...good, listed: -1 }],
    ['a malformed domain', { ...good, domains: [{ domain: 'shop.test' }] }],
    ['too many rows', { ...good, ids: Array.from({ length: FIRST_SCREEN_ROWS + 1 }, (_, i) => `id${i}`) }],
    ['missing rows', { ...good, rows: undefined }],
    ['a row that is not text', { ...good, rows: [{}] }],
    ['a stamp that is not text', { ...good, stamp: 1 }],
  ])('reads %s as no first screen', (_, raw) => {
    expect(firstScreenAt(raw)).toBeNull();
  });

  it('reads back what firstScreenOf gives', () => {
    expect(firstScreenAt(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(holdsFirstScreen(JSON.parse(JSON.stringify(good)), good)).toBe(true);
    expect(holdsFirstScreen(undefined, good)).toBe(false);
    expect(holdsFirstScreen({ ...good, stamp: 'stamp-2' }, good)).toBe(false);
    expect(holdsFirstScreen({ ...good, listed: good.listed + 1 }, good)).toBe(false);
  });
});

describe('firstScreenRecords', () => {
  const records = [session('bank.test', 10), session('shop.test', 30)];
  const screen = firstScreenOf(records, settings, NO_KNOWLEDGE, NOW, 'stamp-1');

  it('gives its rows’ records while the stamp is the one they were read with', () => {
    // As a read of the records gives them back.
    const stored = records.map((r) => recordAt(recordKey(r.id), encodeRecord(r)));
    expect(firstScreenRecords(screen, 'stamp-1')).toEqual(stored);
    expect(firstScreenRecords(firstScreenAt(JSON.parse(JSON.stringify(screen)))!, 'stamp-1')).toEqual(stored);
  });

  it('carries a record’s own fields only: what asLived adds is not stored', () => {
    expect(screen.rows).toEqual(records.map(encodeRecord));
  });

  it.each([
    ['a later stamp', screen, 'stamp-2'],
    ['no stamp stored', screen, null],
    ['no stamp of its own', { ...screen, stamp: null }, null],
    ['rows of other ids', { ...screen, rows: [...screen.rows].reverse() }, 'stamp-1'],
    ['a row that is not a record', { ...screen, rows: ['{', screen.rows[1]!] }, 'stamp-1'],
    ['fewer rows than ids', { ...screen, rows: screen.rows.slice(1) }, 'stamp-1'],
  ])('gives nothing for %s: the records of its ids are read instead', (_, s, stored) => {
    expect(firstScreenRecords(s, stored)).toBeNull();
  });
});
