/**
 * Notification ids carry the notice's kind and watched domain, so a click
 * handled by a worker started long after the notice was shown still knows
 * which site to bring up, without storing anything else.
 */
import type { Notice } from '../core/schedule';

const PREFIX = 'session-watch';

/** noticeId({kind: 'ending', site: 'example.com'}) -> "session-watch|ending|example.com" */
export function noticeId(notice: Pick<Notice, 'kind' | 'site'>): string {
  return `${PREFIX}|${notice.kind}|${notice.site}`;
}

/** parseNoticeId("session-watch|ended|[::1]") -> {kind: 'ended', site: '[::1]'}; null for an id that is not ours. */
export function parseNoticeId(id: string): Pick<Notice, 'kind' | 'site'> | null {
  const [prefix, kind, ...rest] = id.split('|');
  const site = rest.join('|');
  if (prefix !== PREFIX || (kind !== 'ending' && kind !== 'ended') || site === '') return null;
  return { kind, site };
}
