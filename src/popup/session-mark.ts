import { isSessionCookie } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';

/**
 * The user's own word on a cookie name for a site: true = the session,
 * false = not, undefined = no choice. Own keys only: a cookie may be named
 * "constructor" or "__proto__".
 */
export function markOf(w: Pick<WatchedDomain, 'marks'> | undefined, name: string): boolean | undefined {
  const marks = w?.marks;
  if (!marks || !Object.prototype.hasOwnProperty.call(marks, name)) return undefined;
  const mark = marks[name];
  return typeof mark === 'boolean' ? mark : undefined;
}

/** Whether the popup lists a cookie as a session: the user's mark, else what the name and flags say. */
export function isShownAsSession(record: Pick<CookieRecord, 'name' | 'httpOnly'>, w: Pick<WatchedDomain, 'marks'> | undefined): boolean {
  return markOf(w, record.name) ?? isSessionCookie(record);
}

/**
 * The mark to save so the cookie is (or is not) the session: none at all
 * when that is what its name and flags say anyway, so marks stay few.
 * nextMark({name: 'theme', httpOnly: false}, true) -> true; nextMark({name: 'sessionid', ...}, true) -> null
 */
export function nextMark(record: Pick<CookieRecord, 'name' | 'httpOnly'>, session: boolean): boolean | null {
  return isSessionCookie(record) === session ? null : session;
}
