/** What a warning or end notice says, in the user's language and clock. */
import { formatCount, formatDateTime, formatRemaining, formatTime, type Translate } from '../core/format';
import type { Notice } from '../core/schedule';
import { endedAt } from '../core/status';
import type { NotificationContent } from '../platform/notifications';

/** A time of today as a clock time ("14:32:05"), any other day with its date. */
function clockText(ms: number, now: number, locale: string): string {
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  return sameDay ? formatTime(ms, locale) : formatDateTime(ms, locale);
}

/**
 * noticeText({kind: 'ending', site: 'example.com', record: sessionid expiring at 14:32, count: 1}, 14:30:01, t, 'en-GB')
 *   -> {title: "Session ending soon — example.com", message: "sessionid expires in 1:59, at 14:32:00."}
 */
export function noticeText(notice: Notice, now: number, t: Translate, locale: string): NotificationContent {
  const { record, count, site } = notice;
  const others = count > 1 ? formatCount(count, locale) : null;
  if (notice.kind === 'ending') {
    const endsAt = record.endsAt ?? now;
    // What ends it: the cookie's own expiry, the site's idle timeout, or the token inside it.
    const key = { cookie: 'noticeEndingMessage', idle: 'noticeEndingIdleMessage', token: 'noticeEndingTokenMessage' }[record.endBy];
    const message = t(key, [record.name, formatRemaining((endsAt - now) / 1000, t, locale), clockText(endsAt, now, locale)]);
    return {
      title: t('noticeEndingTitle', site),
      message: others === null ? message : `${message} ${t('noticeEndingCount', others)}`,
    };
  }
  const at = endedAt(record, now) ?? now;
  if (record.ended?.cause === 'ended-by-server') {
    // Seen on the return from idleness (how long is known), or said by the site's check URL.
    const { idleMs } = record.ended;
    const message =
      idleMs === undefined
        ? t('noticeEndedOnServer', [record.name, clockText(at, now, locale)])
        : t('noticeEndedByServer', [record.name, clockText(at, now, locale), formatRemaining(idleMs / 1000, t, locale)]);
    return { title: t('noticeEndedTitle', site), message: others === null ? message : `${message} ${t('noticeEndedCount', others)}` };
  }
  // A record not marked ended has reached its effective end: its expiry, idle timeout or token.
  const key =
    record.ended === null
      ? { cookie: 'noticeEndedExpired', idle: 'noticeEndedIdle', token: 'noticeEndedToken' }[record.endBy]
      : record.ended.cause === 'expired'
        ? 'noticeEndedExpired'
        : 'noticeEndedLoggedOut';
  const message = t(key, [record.name, clockText(at, now, locale)]);
  return {
    title: t('noticeEndedTitle', site),
    message: others === null ? message : `${message} ${t('noticeEndedCount', others)}`,
  };
}
