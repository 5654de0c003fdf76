/**
 * What the browser has seen of a server's idle timeout, learned one idle gap
 * at a time: a gap a session survived says the timeout is longer than that
 * gap; a gap after which the server ended the session says it is at most
 * that long. Kept per watched domain and cookie name in storage.local
 * (see record-shape.ts for how to add a field to a stored shape).
 */
import * as v from 'valibot';
import { StoredTime } from './stored-repair';

const Span = v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);
const Count = v.custom<number>((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);

export const IdleBoundsShape = v.object({
  /** The longest idle gap (ms) a session was seen to survive; 0 when none. */
  survivedMs: Span,
  /** The shortest idle gap (ms) after which the server ended a session, or null when none was seen. */
  endedMs: v.nullable(Span),
  /** How many sessions these bounds were learned from. */
  sessions: Count,
  /** When the session that gave the latest observation started (ms): tells a new session from the same one. */
  lastSession: v.nullable(StoredTime),
});
export type IdleBounds = v.InferOutput<typeof IdleBoundsShape>;

/** `${watched domain}|${cookie name}` -> what was learned: the item `idleBounds` in storage.local. */
export const IdleBoundsLogShape = v.record(v.string(), IdleBoundsShape);
export type IdleBoundsLog = v.InferOutput<typeof IdleBoundsLogShape>;

/** boundsKey('example.com', 'PHPSESSID') -> "example.com|PHPSESSID" (a domain never holds "|") */
export function boundsKey(domain: string, cookieName: string): string {
  return `${domain}|${cookieName}`;
}

/** The watched domain a bounds key belongs to: boundsDomain("example.com|PHPSESSID") -> "example.com" */
export function boundsDomain(key: string): string {
  const bar = key.indexOf('|');
  return bar === -1 ? key : key.slice(0, bar);
}

export const NO_BOUNDS: IdleBounds = { survivedMs: 0, endedMs: null, sessions: 0, lastSession: null };

export interface IdleGap {
  /** The time between the last request before the gap and the first one after it (ms). */
  gapMs: number;
  /** Whether the server ended the session after it. */
  outcome: 'survived' | 'ended';
  /** When the session the gap belongs to started (ms). */
  session: number;
}

/**
 * The bounds after one more gap. A gap that contradicts them (survived
 * longer than a gap that once ended a session, or ended after less than one
 * once survived) means the server's setting changed, or that its clean-up
 * runs late (PHP collects expired sessions only now and then): the newest
 * observation wins and the bound it contradicts is forgotten. A negative or
 * non-finite gap (the clock was set back) teaches nothing.
 * learnGap(NO_BOUNDS, {gapMs: 27_000, outcome: 'ended', session: 1}) -> {survivedMs: 0, endedMs: 27_000, sessions: 1, lastSession: 1}
 */
export function learnGap(bounds: IdleBounds, gap: IdleGap): IdleBounds {
  const { gapMs, outcome, session } = gap;
  if (!Number.isFinite(gapMs) || gapMs < 0) return bounds;
  const sessions = bounds.lastSession === session ? bounds.sessions : bounds.sessions + 1;
  if (outcome === 'survived') {
    if (gapMs <= bounds.survivedMs) return bounds.lastSession === session ? bounds : { ...bounds, sessions, lastSession: session };
    const endedMs = bounds.endedMs !== null && gapMs >= bounds.endedMs ? null : bounds.endedMs;
    return { survivedMs: gapMs, endedMs, sessions, lastSession: session };
  }
  const endedMs = bounds.endedMs === null ? gapMs : Math.min(bounds.endedMs, gapMs);
  const survivedMs = gapMs <= bounds.survivedMs ? 0 : bounds.survivedMs;
  return { survivedMs, endedMs, sessions, lastSession: session };
}

/** Whether anything was learned: a range worth showing. */
export function hasBounds(bounds: IdleBounds): boolean {
  return bounds.endedMs !== null || bounds.survivedMs > 0;
}
