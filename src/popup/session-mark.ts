import { isSessionCookie } from '../core/sessions';
import type { CookieRecord } from '../core/types';

/**
 * The mark to save so the cookie is (or is not) the session: none at all
 * when that is what its name and flags say anyway, so marks stay few.
 * nextMark({name: 'theme', httpOnly: false}, true) -> true; nextMark({name: 'sessionid', ...}, true) -> null
 */
export function nextMark(record: Pick<CookieRecord, 'name' | 'httpOnly'>, session: boolean): boolean | null {
  return isSessionCookie(record) === session ? null : session;
}
