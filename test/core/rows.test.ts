import { describe, expect, it } from 'vitest';
import { asLived, NO_KNOWLEDGE, type Lived } from '../../src/core/lifetime';
import { recordFromCookie } from '../../src/core/observe';
import { orderRecords } from '../../src/core/rows';
import type { CookieRecord } from '../../src/core/types';
import { cookieInfoOf } from '../fakes/records';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);
const watched = [
  { domain: 'bank.test', site: 'bank.test', leadMinutes: null, warnings: true },
  { domain: 'admin.example.test', site: 'example.test', leadMinutes: null, warnings: true },
];
function record(name: string, domain: string, seconds: number | null, ended?: CookieRecord['ended']): Lived {
  const r = recordFromCookie(cookieInfoOf(name, domain, seconds === null ? {} : { expirationDate: NOW / 1000 + seconds }), NOW - 1000);
  return asLived({ ...r, ended: ended ?? null }, undefined, NO_KNOWLEDGE);
}

describe('orderRecords', () => {
  const records = [
    record('late', 'bank.test', 3000),
    record('browser', 'bank.test', null),
    record('gone', 'bank.test', 100, { cause: 'logged-out', at: NOW - 50_000 }),
    record('soon', 'bank.test', 60),
    record('expired', 'bank.test', -10),
    record('admin', 'admin.example.test', 4000),
    record('admin-soon', 'admin.example.test', 30),
  ];
  const names = (rs: CookieRecord[]) => rs.map((r) => r.name);

  it('puts the soonest end first, browser-session next, ended last (latest first)', () => {
    expect(names(orderRecords(records, null, watched, NOW))).toEqual(['admin-soon', 'soon', 'late', 'admin', 'browser', 'expired', 'gone']);
  });

  it("puts the current tab's site first", () => {
    expect(names(orderRecords(records, 'admin.example.test', watched, NOW))).toEqual([
      'admin-soon',
      'admin',
      'soon',
      'late',
      'browser',
      'expired',
      'gone',
    ]);
    expect(names(orderRecords(records, 'www.bank.test', watched, NOW)).slice(0, 5)).toEqual(['soon', 'late', 'browser', 'expired', 'gone']);
  });

  it('does not change its input', () => {
    const copy = [...records];
    orderRecords(records, null, watched, NOW);
    expect(records).toEqual(copy);
  });
});
