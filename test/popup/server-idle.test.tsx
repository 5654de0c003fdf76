// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { isoInstant } from '../../src/core/format';
import { NO_KNOWLEDGE, type ServerKnowledge } from '../../src/core/lifetime';
import type { WatchedDomain } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { App } from '../../src/popup/app';
import { createClock } from '../../src/ui/clock';
import { cellsOf } from './cells';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

afterEach(() => cleanup());

const stopped = createClock(() => NOW);
const S = 1000;
const M = 60 * S;

function show(records: CookieRecord[], server: ServerKnowledge = NO_KNOWLEDGE, domains: WatchedDomain[] = [watched('example.test')]) {
  return render(<App model={model({ records, settings: settingsWith(domains), server })} actions={fakeActions()} clock={stopped} />);
}

const seen = (lastRequestAt: number, bounds: ServerKnowledge['bounds'] = {}): ServerKnowledge => ({
  activity: { 'example.test': { lastRequestAt, burstAt: lastRequestAt, gapMs: null, burstKind: 'return', ended: false } },
  bounds,
});

describe("the server's idle timeout in the Expires cell", () => {
  it("a PHP browser-session cookie counts to PHP's default from the last request, and says it is a default", () => {
    const r = record('PHPSESSID', 'example.test', { expiresAt: null, lastRefreshed: NOW - 10 * M });
    show([r], seen(NOW - 4 * M));
    const { expires, remaining, status } = cellsOf(r);
    expect(expires.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW + 20 * M));
    expect(expires.querySelector('.idle-source')?.textContent).toBe('PHP default: about 24 m idle');
    expect(expires.querySelector('.idle-since')?.textContent).toMatch(/^counted from the last request, /);
    expect(remaining.textContent).toBe('20:00');
    expect(status.textContent).toBe('Active');
  });

  it('a declared timeout says it comes from the options', () => {
    const r = record('sessionid', 'example.test', { expiresAt: NOW + 14 * 24 * 60 * M, lastRefreshed: NOW - M });
    show([r], seen(NOW - 30 * S), [{ ...watched('example.test'), idleMinutes: 15 }]);
    const { expires, remaining } = cellsOf(r);
    expect(expires.querySelector('.idle-source')?.textContent).toBe('server idle timeout 15 m, from the options');
    expect(remaining.textContent).toBe('14:30');
  });

  it.each<[string, { survivedMs: number; endedMs: number; sessions: number }, string, string]>([
    [
      'a range from two sessions',
      { survivedMs: 19 * S, endedMs: 22 * S, sessions: 2 },
      'server idle timeout 19 s–22 s, learned from 2 sessions',
      '0:14',
    ],
    [
      'an end with no gap survived',
      { survivedMs: 0, endedMs: 27 * S, sessions: 1 },
      'server idle timeout ≤ 27 s, learned from 1 session',
      '0:22',
    ],
  ])('what was learned: %s', (_, learned, text, left) => {
    const r = record('PHPSESSID', 'example.test', { expiresAt: null, lastRefreshed: NOW - 10 * M });
    show([r], seen(NOW - 5 * S, { 'example.test|PHPSESSID': { ...learned, lastSession: NOW - 10 * M } }));
    const { expires, remaining } = cellsOf(r);
    expect(expires.querySelector('.idle-source')?.textContent).toBe(text);
    expect(remaining.textContent).toBe(left);
  });

  it('a session the server ended says so, with the idle gap before it', () => {
    const r = record('PHPSESSID', 'example.test', {
      expiresAt: null,
      ended: { cause: 'ended-by-server', at: NOW - M, idleMs: 24 * M + 13 * S },
    });
    show([r], seen(NOW - M));
    const { status, remaining, expires } = cellsOf(r);
    expect(status.querySelector('.status')?.textContent).toBe('Ended by server');
    expect(status.querySelector('.ended-after')?.textContent).toBe('after 24 m 13 s idle');
    expect(remaining.textContent).toBe('0:00');
    expect(expires.querySelector('.idle-source')).toBeNull();
  });
});
