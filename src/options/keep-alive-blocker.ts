import { keepAlivePlan, keptSession } from '../core/keep-alive';
import { asLived, type ServerKnowledge } from '../core/lifetime';
import { cookieMatches } from '../core/matching';
import { isSiteSession } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import { endedAt } from '../core/status';
import type { CookieRecord } from '../core/types';

/** Why keep-alive cannot help a site's session as it is now. */
export type KeepAliveBlocker = 'fixed' | 'no-timeout';

/**
 * Why keep-alive cannot help the site's live session that ends soonest, as
 * the keep-alive planner decides it, or null when it can or there is no live
 * session to judge.
 * keepAliveBlocker(w, [a cookie that never moved its expiry], NO_KNOWLEDGE, now) -> 'fixed'
 * keepAliveBlocker(w, [a browser-session cookie, no idle timeout known], NO_KNOWLEDGE, now) -> 'no-timeout'
 */
export function keepAliveBlocker(
  w: WatchedDomain,
  records: readonly CookieRecord[],
  server: ServerKnowledge,
  now: number,
): KeepAliveBlocker | null {
  const live = records.flatMap((record) => {
    if (!cookieMatches(record, w) || !isSiteSession(record, w)) return [];
    const lived = asLived(record, w, server);
    return endedAt(lived, now) === null ? [lived] : [];
  });
  const session = keptSession(live);
  if (session === null) return null;
  const plan = keepAlivePlan({
    now,
    // As if switched on with a check URL: the question is what the session allows.
    w: { checkUrl: w.checkUrl ?? 'https://example.invalid/', keepAlive: true },
    session,
    userAt: null,
    capMs: Infinity,
    system: 'active',
    lastCheck: null,
    state: null,
  });
  return plan.kind === 'off' && (plan.reason === 'fixed' || plan.reason === 'no-timeout') ? plan.reason : null;
}
