import { keepAlivePlan } from '../core/keep-alive';
import { asLived, lifetimeOf, type Lived, type ServerKnowledge } from '../core/lifetime';
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
  let soonest: Lived | null = null;
  for (const record of records) {
    if (!cookieMatches(record, w) || !isSiteSession(record, w)) continue;
    const lived = asLived(record, w, server);
    if (endedAt(lived, now) !== null) continue;
    if (soonest === null || (lived.endsAt ?? Infinity) < (soonest.endsAt ?? Infinity)) soonest = lived;
  }
  if (soonest === null) return null;
  const plan = keepAlivePlan({
    now,
    // As if switched on with a check URL: the question is what the session allows.
    w: { checkUrl: w.checkUrl ?? 'https://example.invalid/', keepAlive: true },
    session: { endsAt: soonest.endsAt, endBy: soonest.endBy, endIdle: soonest.endIdle, lifetime: lifetimeOf(soonest) },
    userAt: null,
    capMs: Infinity,
    system: 'active',
    lastCheck: null,
    state: null,
  });
  return plan.kind === 'off' && (plan.reason === 'fixed' || plan.reason === 'no-timeout') ? plan.reason : null;
}
