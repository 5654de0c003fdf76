/** How a watched site's badge looks on its tabs: the text from core, a colour and a tooltip per status. */
import type { Translate } from '../core/format';
import type { Badge } from '../core/schedule';
import type { Status } from '../core/types';
import type { TabBadge } from '../platform/badge';

/**
 * Each background with a text colour of at least 4.5:1 contrast (WCAG AA):
 * green #137333 / white 5.9, amber #F9AB00 / black 10.8, red #C5221F / white 5.8.
 * Amber is far lighter than green and red, so the three stay apart for
 * red-green colour blindness; the tooltip says the status in words.
 */
const LOOKS: Record<Status, { color: string; textColor: string }> = {
  active: { color: '#137333', textColor: '#FFFFFF' },
  'browser-session': { color: '#137333', textColor: '#FFFFFF' },
  expiring: { color: '#F9AB00', textColor: '#000000' },
  expired: { color: '#C5221F', textColor: '#FFFFFF' },
  'logged-out': { color: '#C5221F', textColor: '#FFFFFF' },
  'ended-by-server': { color: '#C5221F', textColor: '#FFFFFF' },
};

/** Only about four characters fit on the badge; a long translation is cut rather than overflowing. */
const BADGE_CHARS = 4;

/**
 * badgeLook('example.com', {text: '15m', status: 'active'}, t) -> {text: '15m', color: green, title: "Session Watch — example.com: Active"}
 * badgeLook('example.com', {text: '', status: 'logged-out'}, t) -> {text: 'out', color: red, ...}
 * badgeLook('example.com', undefined, t) -> no badge
 */
export function badgeLook(domain: string, badge: Badge | undefined, t: Translate): TabBadge {
  if (!badge) return { text: '', title: t('extName') };
  let text = badge.text;
  // Core leaves an ended session's text empty: the mark is a word, so it is translated here.
  if (text === '' && badge.status === 'expired') text = t('badgeExpired');
  if (text === '' && (badge.status === 'logged-out' || badge.status === 'ended-by-server')) text = t('badgeLoggedOut');
  return {
    text: Array.from(text).slice(0, BADGE_CHARS).join(''),
    title: t('badgeTitle', [domain, t(`status_${badge.status}`)]),
    ...LOOKS[badge.status],
  };
}
