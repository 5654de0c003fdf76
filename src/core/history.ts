/**
 * What happened to each watched site's sessions, kept in storage.local one
 * key per site (`history:<domain>`), bounded so it can never grow without end.
 */
import * as v from 'valibot';
import { STOP_REASONS } from './keep-alive';
import { CHECK_RESULTS } from './server-check';
import { declaredFields, StoredTime } from './stored-repair';
import type { CookieRecord, EndCause } from './types';

export type HistoryKind =
  /** The site set it while the worker watched: a login. */
  | 'logged-in'
  /** Found by a scan, already set. */
  | 'first-seen'
  | 'refreshed'
  | 'warned'
  | 'expired'
  | 'logged-out'
  | 'evicted'
  /** Gone from the store without an event (cleared elsewhere, browser restarted). */
  | 'removed'
  /** The server ended it after an idle gap (`idleMs`). */
  | 'ended-by-server'
  /** The user cleared its row. */
  | 'cleared'
  /** The check URL was requested (`result`, `status`); a site's line, with no cookie name. */
  | 'checked'
  /** Keep-alive requested the check URL (`result`, `status`). */
  | 'kept-alive'
  /** Keep-alive stopped (`reason`) and left the session to end at `expiresAt`. */
  | 'keep-alive-stopped';

/**
 * One event as stored in a site's log: the one declaration of its shape
 * (see record-shape.ts for how to add a field). Times are ones a Date can
 * hold: the views format them, and Intl throws on others.
 */
export const HistoryEventShape = v.object({
  at: StoredTime,
  /** The watched domain. */
  site: v.string(),
  /** Any text: a kind a newer version wrote is kept, and the views show it as an unknown one. */
  kind: v.custom<HistoryKind>((x) => typeof x === 'string'),
  name: v.string(),
  storeId: v.string(),
  /** The expiry the cookie had after this event, if any (ms). */
  expiresAt: v.optional(v.nullable(StoredTime)),
  /** For an end by the server: how long the site had been idle before it (ms). */
  idleMs: v.optional(v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)),
  /** For a check or a keep-alive: what the answer said, and its HTTP status (0: no answer). Nothing else of it. */
  result: v.optional(v.picklist(CHECK_RESULTS)),
  status: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999))),
  /** For a keep-alive that stopped: why. */
  reason: v.optional(v.picklist(STOP_REASONS)),
});

export type HistoryEvent = v.InferOutput<typeof HistoryEventShape>;

export const HISTORY_KEY_PREFIX = 'history:';
export const HISTORY_PER_SITE = 200;
export const HISTORY_TOTAL = 5000;
/** A rolling session is re-sent on every response; refreshes this close together are one line. */
export const REFRESH_COALESCE_MS = 60_000;

const END_KINDS: Record<EndCause, HistoryKind> = {
  expired: 'expired',
  'logged-out': 'logged-out',
  evicted: 'evicted',
  missing: 'removed',
  'ended-by-server': 'ended-by-server',
};

/**
 * The events a record change means.
 * historyOfChange(undefined, live, 'event', 'example.com', now) -> [{kind: 'logged-in', ...}]
 */
export function historyOfChange(
  prev: CookieRecord | undefined,
  next: CookieRecord,
  via: 'event' | 'scan',
  site: string,
  now: number,
): HistoryEvent[] {
  const base = { site, name: next.name, storeId: next.storeId };
  if (next.ended) {
    if (prev && prev.ended === null) {
      const { idleMs } = next.ended;
      const event: HistoryEvent = { ...base, at: next.ended.at, kind: END_KINDS[next.ended.cause] };
      return [idleMs === undefined ? event : { ...event, idleMs }];
    }
    return [];
  }
  if (!prev || prev.ended !== null) {
    return [{ ...base, at: now, kind: via === 'event' ? 'logged-in' : 'first-seen', expiresAt: next.expiresAt }];
  }
  // A rolling session is re-sent on every response: one line a minute is the story, and the log is not even read for the rest.
  if (prev.expiresAt !== next.expiresAt && now - prev.lastRefreshed >= REFRESH_COALESCE_MS) {
    return [{ ...base, at: now, kind: 'refreshed', expiresAt: next.expiresAt }];
  }
  return [];
}

/**
 * A site's log with `events` added: oldest first, at most `cap` entries, and
 * a refresh that follows a refresh of the same cookie within a minute
 * replacing it rather than adding a line.
 */
/** The events of each site, in the order given: eventsBySite([a@x, b@y, c@x]) -> {x: [a, c], y: [b]} */
export function eventsBySite(events: readonly HistoryEvent[]): Map<string, HistoryEvent[]> {
  const sites = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    const list = sites.get(e.site);
    if (list) list.push(e);
    else sites.set(e.site, [e]);
  }
  return sites;
}

export function appendToSite(log: readonly HistoryEvent[], events: readonly HistoryEvent[], cap = HISTORY_PER_SITE): HistoryEvent[] {
  const out = [...log];
  for (const event of events) {
    const last = out[out.length - 1];
    if (
      event.kind === 'refreshed' &&
      last?.kind === 'refreshed' &&
      last.name === event.name &&
      last.storeId === event.storeId &&
      event.at - last.at < REFRESH_COALESCE_MS
    ) {
      out[out.length - 1] = event;
    } else {
      out.push(event);
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out.length > cap ? out.slice(out.length - cap) : out;
}

/**
 * Keep at most `cap` events across all sites, dropping the oldest first.
 * Returns only the sites whose log changed.
 */
export function trimTotal(logs: Readonly<Record<string, readonly HistoryEvent[]>>, cap = HISTORY_TOTAL): Record<string, HistoryEvent[]> {
  const all: { site: string; at: number }[] = [];
  for (const [site, events] of Object.entries(logs)) for (const e of events) all.push({ site, at: e.at });
  if (all.length <= cap) return {};
  all.sort((a, b) => a.at - b.at);
  const drop = new Map<string, number>();
  for (const { site } of all.slice(0, all.length - cap)) drop.set(site, (drop.get(site) ?? 0) + 1);
  // fromEntries defines keys, so a site named "__proto__" is a site like any other.
  return Object.fromEntries(
    [...drop].map(([site, n]) => [site, [...(Object.hasOwn(logs, site) ? logs[site]! : [])].sort((a, b) => a.at - b.at).slice(n)]),
  );
}

/** Whether a stored value is a well-formed event (storage outlives versions of this code): isHistoryEvent({at: '1', …}) -> false */
export function isHistoryEvent(value: unknown): value is HistoryEvent {
  return v.is(HistoryEventShape, value);
}

/** Only the event's own fields: strippedEvent({...e, value: 'x'}) -> e */
export function strippedEvent(e: HistoryEvent): HistoryEvent {
  return declaredFields(HistoryEventShape, e);
}

/** isEventField('kind') -> true; isEventField('value') -> false */
export function isEventField(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(HistoryEventShape.entries, field);
}

/** A spreadsheet would run "=cmd()" as a formula; a leading quote keeps it text (OWASP CSV injection). */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * toCsv([{at: 0, site: 'example.com', kind: 'logged-in', name: 'sessionid', storeId: '0'}])
 *   -> "time,site,event,cookie,store,expires,idle_seconds,result,status,reason\r\n1970-01-01T00:00:00.000Z,example.com,logged-in,sessionid,0,,,,,\r\n"
 * A check's line fills result and status ("signed-in", "200"); a keep-alive's stop, reason ("cap") and expires.
 */
export function toCsv(events: readonly HistoryEvent[]): string {
  const rows = [['time', 'site', 'event', 'cookie', 'store', 'expires', 'idle_seconds', 'result', 'status', 'reason']];
  for (const e of events) {
    const idle = e.idleMs === undefined ? '' : String(Math.round(e.idleMs / 1000));
    const expires = typeof e.expiresAt === 'number' ? iso(e.expiresAt) : '';
    const status = e.status === undefined ? '' : String(e.status);
    rows.push([iso(e.at), e.site, e.kind, e.name, e.storeId, expires, idle, e.result ?? '', status, e.reason ?? '']);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The same events as JSON, times as ISO strings, for people and scripts alike. */
export function toJson(events: readonly HistoryEvent[]): string {
  return `${JSON.stringify(
    events.map((e) => ({
      time: iso(e.at),
      site: e.site,
      event: e.kind,
      cookie: e.name,
      store: e.storeId,
      expires: typeof e.expiresAt === 'number' ? iso(e.expiresAt) : null,
      ...(e.idleMs === undefined ? {} : { idleSeconds: Math.round(e.idleMs / 1000) }),
      ...(e.result === undefined ? {} : { result: e.result }),
      ...(e.status === undefined ? {} : { status: e.status }),
      ...(e.reason === undefined ? {} : { reason: e.reason }),
    })),
    null,
    2,
  )}\n`;
}
