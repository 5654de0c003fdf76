import { formatCount } from '../core/format';
import { boundsDomain, hasBounds, type IdleBounds, type IdleBoundsLog } from '../core/idle-bounds';
import { pageLocale } from '../ui/locale';
import { shortDuration } from '../ui/short-duration';
import { t } from '../ui/text';

/** What was learned of one cookie's server idle timeout. */
export interface LearnedCookie {
  name: string;
  bounds: IdleBounds;
}

/**
 * The bounds learned for one watched domain, by cookie name, leaving out
 * those that say nothing yet.
 * learnedFor({"a.com|SID": b, "b.com|SID": c}, "a.com") -> [{name: "SID", bounds: b}]
 */
export function learnedFor(log: Readonly<IdleBoundsLog>, domain: string): LearnedCookie[] {
  return Object.entries(log)
    .filter(([key, bounds]) => boundsDomain(key) === domain && hasBounds(bounds))
    .map(([key, bounds]) => ({ name: key.slice(domain.length + 1), bounds }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The learned range in words: both bounds -> "19 s–22 s"; only a gap that
 * ended a session -> "≤ 27 s"; only gaps survived -> "over 22 s".
 */
export function learnedRange({ survivedMs, endedMs }: IdleBounds): string {
  const survived = shortDuration(survivedMs / 1000);
  if (endedMs === null) return t('optionsLearnedOver', survived);
  const ended = shortDuration(endedMs / 1000);
  return survivedMs > 0 ? `${survived}–${ended}` : `≤ ${ended}`;
}

/**
 * One line for a domain, or null when nothing was learned for it:
 * [{name: "PHPSESSID", bounds: {survivedMs: 19_000, endedMs: 22_000, sessions: 2, …}}]
 *   -> "Learned: PHPSESSID 19 s–22 s (2 sessions)"
 */
export function learnedIdleText(learned: readonly LearnedCookie[]): string | null {
  if (learned.length === 0) return null;
  const parts = learned.map(({ name, bounds }) =>
    bounds.sessions === 1
      ? t('optionsLearnedPartOne', [name, learnedRange(bounds)])
      : t('optionsLearnedPartMany', [name, learnedRange(bounds), formatCount(bounds.sessions, pageLocale())]),
  );
  return t('optionsLearnedIdle', new Intl.ListFormat(pageLocale(), { style: 'short', type: 'unit' }).format(parts));
}
