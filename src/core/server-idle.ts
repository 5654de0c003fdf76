/**
 * When the server will end a session that ends after idleness, from the
 * three things that can say how long it waits: what the user declared in
 * the options, what the browser learned (idle-bounds.ts), and the typical
 * default of the framework whose cookie it is (server-defaults.ts).
 */
import type { IdleBounds } from './idle-bounds';
import { serverDefaultFor } from './server-defaults';

export type ServerIdle =
  /** The user said so in the options. */
  | { source: 'declared'; ms: number }
  /**
   * Learned from what the browser saw: the timeout is longer than `survivedMs`
   * and at most `endedMs`. Counted to the earliest end that fits them.
   */
  | { source: 'learned'; ms: number; survivedMs: number; endedMs: number; sessions: number }
  /** The framework's out-of-the-box timeout: typical, not known. */
  | { source: 'default'; ms: number; framework: string };

export interface ServerIdleInput {
  /** The user's idle timeout for the site, minutes, or null. */
  declaredMinutes: number | null | undefined;
  /** What was learned for this site and cookie name, or null. */
  learned: IdleBounds | null;
  cookieName: string;
  /**
   * Whether the session's end depends on idleness as far as the cookie shows
   * (a browser-session cookie, or one the site keeps re-sending): only then
   * does a framework's default say anything about it.
   */
  idleDependent: boolean;
}

/**
 * The idle timeout to count to, or null when nothing credible says one.
 * A declaration wins: the user knows the site. Otherwise the earliest
 * credible one of what was learned and the default, where a default is
 * credible only while nothing learned contradicts it, and what was learned
 * gives an end only once the server was seen ending a session (a survived
 * gap alone says "longer than", never "ends at").
 * serverIdleOf({declaredMinutes: null, learned: null, cookieName: 'PHPSESSID', idleDependent: true})
 *   -> {source: 'default', ms: 1_440_000, framework: 'PHP'}
 * serverIdleOf({..., learned: {survivedMs: 19_000, endedMs: 22_000, sessions: 2}, cookieName: 'PHPSESSID'})
 *   -> {source: 'learned', ms: 19_000, survivedMs: 19_000, endedMs: 22_000, sessions: 2}
 */
export function serverIdleOf(input: ServerIdleInput): ServerIdle | null {
  const { declaredMinutes, learned, cookieName, idleDependent } = input;
  if (declaredMinutes) return { source: 'declared', ms: declaredMinutes * 60_000 };
  let best: ServerIdle | null = null;
  if (learned && learned.endedMs !== null) {
    // The earliest end that fits: just past the longest gap survived, or, with none, the gap that ended one.
    const ms = learned.survivedMs > 0 ? learned.survivedMs : learned.endedMs;
    best = { source: 'learned', ms, survivedMs: learned.survivedMs, endedMs: learned.endedMs, sessions: learned.sessions };
  }
  const typical = idleDependent ? serverDefaultFor(cookieName) : null;
  if (typical) {
    const survived = learned?.survivedMs ?? 0;
    const ended = learned?.endedMs ?? null;
    const credible = typical.idleMs > survived && (ended === null || typical.idleMs <= ended);
    if (credible && (best === null || typical.idleMs < best.ms))
      best = { source: 'default', ms: typical.idleMs, framework: typical.framework };
  }
  return best;
}

/**
 * When the server ends the session: its idle timeout after the last moment
 * the server saw the browser, which is the later of the last request to the
 * site and the cookie's last refresh (a refresh is an answer to a request).
 * serverEndAt({ms: 20_000}, 1_000, 5_000) -> 25_000
 */
export function serverEndAt(idle: Pick<ServerIdle, 'ms'>, lastRequestAt: number | null, lastRefreshed: number): number {
  return Math.max(lastRequestAt ?? lastRefreshed, lastRefreshed) + idle.ms;
}
