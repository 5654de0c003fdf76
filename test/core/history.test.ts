import { describe, expect, it } from 'vitest';
import {
  appendToSite,
  eventsBySite,
  historyOfChange,
  isHistoryEvent,
  toCsv,
  toJson,
  trimTotal,
  type HistoryEvent,
} from '../../src/core/history';
import { recordFromCookie } from '../../src/core/observe';
import type { CookieRecord } from '../../src/core/types';
import { cookieInfoOf } from '../fakes/records';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);
const live = recordFromCookie(cookieInfoOf('sessionid', 'example.com', { expirationDate: NOW / 1000 + 300 }), NOW);
const ended = (cause: NonNullable<CookieRecord['ended']>['cause']): CookieRecord => ({ ...live, ended: { cause, at: NOW + 5 } });
const ev = (at: number, kind: HistoryEvent['kind'] = 'logged-in', name = 'sessionid'): HistoryEvent => ({
  at,
  site: 'example.com',
  kind,
  name,
  storeId: '0',
});

describe('historyOfChange', () => {
  it.each<[string, CookieRecord | undefined, CookieRecord, 'event' | 'scan', string[]]>([
    ['a cookie the site just set is a login', undefined, live, 'event', ['logged-in']],
    ['a cookie a scan found is first seen', undefined, live, 'scan', ['first-seen']],
    ['a new cookie after a logout is a login', ended('logged-out'), live, 'event', ['logged-in']],
    [
      'a later expiry a minute on is a refresh',
      { ...live, lastRefreshed: NOW - 60_000 },
      { ...live, expiresAt: live.expiresAt! + 60_000 },
      'event',
      ['refreshed'],
    ],
    [
      'a later expiry within a minute of the last refresh adds no line',
      { ...live, lastRefreshed: NOW - 59_000 },
      { ...live, expiresAt: live.expiresAt! + 60_000 },
      'event',
      [],
    ],
    ['nothing changed', live, live, 'scan', []],
    ['expired', live, ended('expired'), 'scan', ['expired']],
    ['logged out', live, ended('logged-out'), 'event', ['logged-out']],
    ['evicted', live, ended('evicted'), 'event', ['evicted']],
    ['missing from the store', live, ended('missing'), 'scan', ['removed']],
    ['already ended', ended('expired'), ended('expired'), 'scan', []],
  ])('%s', (_name, prev, next, via, kinds) => {
    expect(historyOfChange(prev, next, via, 'example.com', NOW).map((e) => e.kind)).toEqual(kinds);
  });

  it('dates an end at when it happened', () => {
    expect(historyOfChange(live, ended('logged-out'), 'event', 'example.com', NOW + 99)[0]!.at).toBe(NOW + 5);
  });
});

describe('eventsBySite', () => {
  it('groups events by their site and keeps their order within each', () => {
    const e = (at: number, site: string): HistoryEvent => ({ at, site, kind: 'logged-in', name: 'sessionid', storeId: '0' });
    const [a, b, c] = [e(1, 'x.test'), e(2, 'y.test'), e(3, 'x.test')];
    expect([...eventsBySite([a, b, c])]).toEqual([
      ['x.test', [a, c]],
      ['y.test', [b]],
    ]);
    expect(eventsBySite([]).size).toBe(0);
  });
});

describe('appendToSite', () => {
  it('keeps the newest 200, oldest first', () => {
    const log = Array.from({ length: 200 }, (_, i) => ev(NOW + i * 120_000));
    const next = appendToSite(log, [ev(NOW + 1e9, 'expired')]);
    expect(next).toHaveLength(200);
    expect(next[0]!.at).toBe(NOW + 120_000);
    expect(next[199]!.kind).toBe('expired');
  });

  it("folds a rolling session's refreshes within a minute into one line", () => {
    const log = appendToSite([ev(NOW)], [ev(NOW + 1_000, 'refreshed'), ev(NOW + 20_000, 'refreshed'), ev(NOW + 50_000, 'refreshed')]);
    expect(log.map((e) => [e.kind, e.at - NOW])).toEqual([
      ['logged-in', 0],
      ['refreshed', 50_000],
    ]);
    const later = appendToSite(log, [ev(NOW + 200_000, 'refreshed')]);
    expect(later).toHaveLength(3);
  });

  it('does not fold refreshes of different cookies', () => {
    expect(appendToSite([ev(NOW, 'refreshed', 'a')], [ev(NOW + 1, 'refreshed', 'b')])).toHaveLength(2);
  });
});

describe('trimTotal', () => {
  it('drops the oldest events across sites past the total', () => {
    const logs = {
      'a.test': [ev(1), ev(4), ev(5)],
      'b.test': [ev(2), ev(3), ev(6)],
    };
    expect(trimTotal(logs, 4)).toEqual({ 'a.test': [ev(4), ev(5)], 'b.test': [ev(3), ev(6)] });
    expect(trimTotal(logs, 6)).toEqual({});
  });

  it('treats a site named __proto__ like any other', () => {
    // Object.fromEntries makes "__proto__" an own key, as JSON.parse (and so storage) does.
    const logs = Object.fromEntries<HistoryEvent[]>([
      ['__proto__', [{ at: 1, site: '__proto__', kind: 'logged-in', name: 's', storeId: '0' }]],
      ['b.test', [{ at: 2, site: 'b.test', kind: 'logged-in', name: 's', storeId: '0' }]],
    ]);
    const trimmed = trimTotal(logs, 1);
    expect(Object.keys(trimmed)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(trimmed, '__proto__')?.value).toEqual([]);
  });
});

describe('exports', () => {
  it('writes CSV with a header, quoting, and no live formulas', () => {
    const csv = toCsv([
      { ...ev(0), expiresAt: 300_000 },
      { ...ev(1000, 'logged-out', '=HYPERLINK("http://evil")'), site: 'a,b.test' },
      { ...ev(2000, 'ended-by-server', 'PHPSESSID'), idleMs: 1_453_400 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'time,site,event,cookie,store,expires,idle_seconds,result,status,reason',
      '1970-01-01T00:00:00.000Z,example.com,logged-in,sessionid,0,1970-01-01T00:05:00.000Z,,,,',
      '1970-01-01T00:00:01.000Z,"a,b.test",logged-out,"\'=HYPERLINK(""http://evil"")",0,,,,,',
      '1970-01-01T00:00:02.000Z,example.com,ended-by-server,PHPSESSID,0,,1453,,,',
      '',
    ]);
  });

  it('writes what a check, a keep-alive and its stop said, in CSV and JSON', () => {
    const events: HistoryEvent[] = [
      { at: 0, site: 'bank.test', kind: 'checked', name: '', storeId: '', result: 'signed-in', status: 200 },
      { at: 1000, site: 'bank.test', kind: 'kept-alive', name: '', storeId: '', result: 'unknown', status: 0 },
      { at: 2000, site: 'bank.test', kind: 'keep-alive-stopped', name: '', storeId: '', reason: 'cap', expiresAt: 302_000 },
    ];
    expect(toCsv(events).split('\r\n')).toEqual([
      'time,site,event,cookie,store,expires,idle_seconds,result,status,reason',
      '1970-01-01T00:00:00.000Z,bank.test,checked,,,,,signed-in,200,',
      '1970-01-01T00:00:01.000Z,bank.test,kept-alive,,,,,unknown,0,',
      '1970-01-01T00:00:02.000Z,bank.test,keep-alive-stopped,,,1970-01-01T00:05:02.000Z,,,,cap',
      '',
    ]);
    const json = JSON.parse(toJson(events)) as Record<string, unknown>[];
    expect(json.map(({ event, result, status, reason, expires }) => ({ event, result, status, reason, expires }))).toEqual([
      { event: 'checked', result: 'signed-in', status: 200, reason: undefined, expires: null },
      { event: 'kept-alive', result: 'unknown', status: 0, reason: undefined, expires: null },
      { event: 'keep-alive-stopped', result: undefined, status: undefined, reason: 'cap', expires: '1970-01-01T00:05:02.000Z' },
    ]);
  });

  it('writes the idle gap of an end by the server in JSON too', () => {
    expect(JSON.parse(toJson([{ ...ev(0, 'ended-by-server', 'PHPSESSID'), idleMs: 25_000 }]))).toEqual([
      {
        time: '1970-01-01T00:00:00.000Z',
        site: 'example.com',
        event: 'ended-by-server',
        cookie: 'PHPSESSID',
        store: '0',
        expires: null,
        idleSeconds: 25,
      },
    ]);
  });

  it('writes JSON that reads back', () => {
    expect(JSON.parse(toJson([ev(0)]))).toEqual([
      { time: '1970-01-01T00:00:00.000Z', site: 'example.com', event: 'logged-in', cookie: 'sessionid', store: '0', expires: null },
    ]);
  });

  it.each([
    [ev(1), true],
    [{ ...ev(1), at: '1' }, false],
    [{ ...ev(1), expiresAt: 'soon' }, false],
    [null, false],
    ['x', false],
  ])('isHistoryEvent(%j) -> %s', (value, expected) => {
    expect(isHistoryEvent(value)).toBe(expected);
  });
});
