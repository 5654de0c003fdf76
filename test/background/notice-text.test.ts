import { describe, expect, it } from 'vitest';
import { noticeText } from '../../src/background/notice-text';
import { formatDateTime, formatTime } from '../../src/core/format';
import type { Notice } from '../../src/core/schedule';
import { t } from '../../src/platform/i18n';
import { DEFAULT_NOW } from '../fakes/clock';
import { cookieRecordOf } from '../fakes/records';

const NOW = DEFAULT_NOW + 12 * 3_600_000;
const LOCALE = 'en-US';

function endedByServer(at: number, idleMs?: number, count = 1): Notice {
  const ended = idleMs === undefined ? { cause: 'ended-by-server' as const, at } : { cause: 'ended-by-server' as const, at, idleMs };
  const record = { ...cookieRecordOf('sessionid', 'example.com', { ended }), endsAt: null, endBy: 'cookie' as const };
  return { kind: 'ended', site: 'example.com', record, count, keys: [] };
}

describe('noticeText for a session the server ended', () => {
  it('said by the check URL: ended on the server, checked at the time of the answer', () => {
    expect(noticeText(endedByServer(NOW - 5_000), NOW, t, LOCALE)).toEqual({
      title: 'Session ended — example.com',
      message: `sessionid has already ended on the server (checked at ${formatTime(NOW - 5_000, LOCALE)}).`,
    });
  });

  it('seen on the return from idleness: when, and after how long idle', () => {
    expect(noticeText(endedByServer(NOW, 25_000), NOW, t, LOCALE).message).toBe(
      `sessionid was ended by the server at ${formatTime(NOW, LOCALE)}, after 0:25 idle.`,
    );
  });

  it('another day gives the date, and other cookies ended are counted', () => {
    const yesterday = NOW - 24 * 3_600_000;
    expect(noticeText(endedByServer(yesterday, undefined, 3), NOW, t, LOCALE).message).toBe(
      `sessionid has already ended on the server (checked at ${formatDateTime(yesterday, LOCALE)}). Cookies of this site that ended: 3.`,
    );
  });
});
