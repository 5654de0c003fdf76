/** Watched cookies changed: bring their records up to date, a burst at a time. */
import { historyOfChange, type HistoryEvent } from '../core/history';
import { siteIndex } from '../core/matching';
import { applyChange, cookieId, endCauseOf } from '../core/observe';
import { isSiteSession } from '../core/sessions';
import type { WatchedDomain } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { CookieChange } from '../platform/cookies';
import { readRecordsOf, writeRecords } from '../platform/records-store';

/** A cookie change and when (ms) it reached the worker, not when its turn came. */
export interface SeenChange {
  change: CookieChange;
  at: number;
}

export interface WatcherDeps {
  /** The watched domains as of now. */
  watched(): Promise<readonly WatchedDomain[]>;
  /** The idle gap after which the server ended the session, when a session cookie's new id or removal is the return from one (server-watch.ts). */
  endOnReturn(domain: string, at: number, names: readonly string[]): Promise<number | null>;
}

/**
 * What a change of a site's session cookie may mean when the server may have
 * ended it, decided from the change alone so most changes wait on nothing:
 * 'ask' for a new id or the cookie removed (the server ended it when this
 * answers the first request after an idle gap), 'stay-ended' for a re-send
 * known to carry the id the server gave then (it is no login), null when the
 * usual rules apply.
 */
function serverSignal(prev: CookieRecord | undefined, change: CookieChange): 'ask' | 'stay-ended' | null {
  if (!prev) return null;
  if (prev.ended?.cause === 'ended-by-server') {
    // Only a re-send known to carry the same id stays ended; where the browser cannot tell, the usual rules apply.
    return !change.removed && change.valueChanged === false ? 'stay-ended' : null;
  }
  if (prev.ended !== null) return null;
  const newId = !change.removed && change.valueChanged === true;
  const removed = change.removed && endCauseOf(change.cause) === 'logged-out';
  return newId || removed ? 'ask' : null;
}

/**
 * Applies changes to their cookies' records, in the order they were seen:
 * every record is read once and written once, holding what applying its
 * changes one after another gives (an "overwrite" removal writes nothing and
 * the insert after it refreshes the record). Call it where no other task
 * writes records (the worker's exclusive work). Resolves to what the changes
 * mean for the history of each site's sessions, in order.
 */
export async function recordChanges(deps: WatcherDeps, seen: readonly SeenChange[]): Promise<HistoryEvent[]> {
  const ids = seen.map(({ change }) => cookieId(change.cookie));
  const [stored, watched] = await Promise.all([readRecordsOf([...new Set(ids)]), deps.watched()]);
  const current = new Map<string, CookieRecord | undefined>(stored);
  const changed = new Set<string>();
  const siteOf = siteIndex(watched);
  const events: HistoryEvent[] = [];
  for (const [i, { change, at }] of seen.entries()) {
    const id = ids[i]!;
    const prev = current.get(id);
    const site = siteOf(change.cookie);
    const signal = site && isSiteSession(change.cookie, site) ? serverSignal(prev, change) : null;
    let next: CookieRecord | null;
    if (signal === 'stay-ended') next = null;
    else if (signal === 'ask' && prev && site) {
      const gap = await deps.endOnReturn(site.domain, at, [prev.name]);
      next = gap === null ? applyChange(prev, change, at) : { ...prev, ended: { cause: 'ended-by-server', at, idleMs: gap } };
    } else next = applyChange(prev, change, at);
    if (!next) continue;
    current.set(id, next);
    changed.add(id);
    // The history tells a site's sessions; its other cookies are only kept as records.
    const w = siteOf(next);
    if (w && isSiteSession(next, w)) events.push(...historyOfChange(prev, next, 'event', w.domain, at));
  }
  const put: CookieRecord[] = [];
  for (const id of changed) {
    const record = current.get(id);
    if (record) put.push(record);
  }
  await writeRecords(put);
  return events;
}
