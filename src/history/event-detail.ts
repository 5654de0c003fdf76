import { formatDateTime } from '../core/format';
import type { HistoryEvent } from '../core/history';
import { shortDuration } from '../ui/short-duration';
import { t } from '../ui/text';

/**
 * What an event adds to its kind, in words, or null: how long the site was
 * idle before the server ended it, what a check or a keep-alive heard
 * ("· signed in (200)", "· no answer"), why keep-alive stopped and when the
 * session now ends.
 */
export function eventDetail(e: HistoryEvent, locale: string): string | null {
  if (e.kind === 'ended-by-server') return e.idleMs === undefined ? null : t('endedByServerAfter', shortDuration(e.idleMs / 1000));
  if (e.kind === 'checked' || e.kind === 'kept-alive') {
    if (e.result === undefined) return null;
    // Status 0: nothing answered, whatever the result says.
    return `· ${e.status === 0 || e.status === undefined ? t('historyResult_no_answer') : t(`historyResult_${e.result}`, String(e.status))}`;
  }
  if (e.kind === 'keep-alive-stopped') {
    const parts = [];
    if (e.reason !== undefined) parts.push(t(`historyStopped_${e.reason}`));
    if (typeof e.expiresAt === 'number') parts.push(t('historyStoppedEnds', formatDateTime(e.expiresAt, locale)));
    return parts.length === 0 ? null : `· ${parts.join(', ')}`;
  }
  return null;
}
