/**
 * The check at the warning moment: a site with a check URL whose session is
 * about to end is asked first, so the warning can say that it has already
 * ended on the server instead of "ends in 2 min". Its notice waits for the
 * answer (the check asks for a rescheduling when it has one).
 */
import type { ServerKnowledge } from '../core/lifetime';
import type { Notice } from '../core/schedule';
import type { Settings } from '../core/settings-defaults';
import type { SiteCheck } from '../core/server-check';
import { readChecks } from '../platform/checks-store';
import type { Checker } from './checks';

/**
 * Whether a site's warning needs a check first: not when one was made since
 * the user's last activity there. A check on a sliding session extends it,
 * so at most one per stretch of the user's activity: it must never become a
 * keep-alive nobody turned on.
 * checkDue({at: 10, ...}, 5) -> false; checkDue({at: 10, ...}, 10) -> false; checkDue({at: 10, ...}, 20) -> true; checkDue(null, null) -> true
 */
export function checkDue(last: SiteCheck | null, userAt: number | null): boolean {
  // Strictly after: a check in the same clock tick as the last activity (a coarse clock) came after it, and must not repeat.
  return last === null || (userAt !== null && userAt > last.at);
}

/** Starts the checks the ending notices need; returns the sites whose notices wait for them. */
export async function checkBeforeWarning(
  deps: { check: Checker; track(work: Promise<unknown>): void },
  notices: readonly Notice[],
  settings: Settings,
  server: ServerKnowledge,
): Promise<Set<string>> {
  const held = new Set<string>();
  const sites = notices.filter((n) => n.kind === 'ending' && settings.domains.some((w) => w.domain === n.site && w.checkUrl !== undefined));
  if (sites.length === 0) return held;
  const checks = await readChecks();
  for (const { site } of sites) {
    if (!checkDue(checks[site] ?? null, server.activity[site]?.userAt ?? null)) continue;
    held.add(site);
    deps.track(deps.check(site, 'warning'));
  }
  return held;
}
