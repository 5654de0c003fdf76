/** The worker's answers to its pages, one handler per message name. */
import type { DomainError } from '../core/domain-errors';
import { normalizeDomain } from '../core/domains';
import type { HistoryEvent } from '../core/history';
import { asLived, type ServerKnowledge } from '../core/lifetime';
import { hostIsWatched, siteFor } from '../core/matching';
import type { Request, Response } from '../core/messages';
import { originsFor } from '../core/origins';
import { pageHost } from '../core/page-host';
import { isSiteSession } from '../core/sessions';
import { MAX_DOMAINS } from '../core/settings-io';
import { withDomain, withMark } from '../core/settings';
import type { Settings } from '../core/settings-defaults';
import { endedAt } from '../core/status';
import type { Handlers } from '../platform/messaging';
import { readRecord, removeRecords } from '../platform/records-store';
import { updateSettings } from '../platform/settings-store';
import { logHistory, updateHistory } from './history-log';
import type { Checker } from './checks';
import type { KeyQueue } from './key-queue';
import type { RescanResult } from './rescan';
import type { WorkerDeps } from './worker-deps';
import { syncWriteQuota } from '../core/sync-quota';

export interface HandlerDeps extends WorkerDeps {
  queue: KeyQueue;
  /** The current settings (the worker's cache). */
  settings(): Promise<Settings>;
  /** A full scan, alone and coalesced, with what follows it. */
  rescan(): Promise<RescanResult>;
  /** What the worker saw of the servers (server-watch.ts). */
  server(): Promise<ServerKnowledge>;
  /** Requests a site's check URL (checks.ts). */
  check: Checker;
}

const invalid = (detail?: string): { ok: false; error: DomainError } => ({
  ok: false,
  error: detail === undefined ? { code: 'invalid' } : { code: 'invalid', detail },
});

export async function addDomain({ input }: Request<'addDomain'>): Promise<Response<'addDomain'>> {
  if (typeof input !== 'string') return invalid();
  const outcome: { answer: Response<'addDomain'> } = { answer: invalid(input) };
  // Checked inside the update so two quick adds cannot both pass the duplicate check.
  const saved = updateSettings((s) => {
    const n = normalizeDomain(
      input,
      s.domains.map((d) => d.domain),
    );
    if (!n.ok) {
      outcome.answer = n;
      return s;
    }
    if (s.domains.length >= MAX_DOMAINS) {
      outcome.answer = { ok: false, error: { code: 'limit', detail: String(MAX_DOMAINS) } };
      return s;
    }
    outcome.answer = { ok: true, domain: n.domain };
    return withDomain(s, { domain: n.domain, site: n.site, leadMinutes: null, warnings: true });
  });
  // Refused for Chrome's write quota, nothing was stored: say so, and the caller can try again.
  const quota = await saved.then(
    () => null,
    (err: unknown) => {
      const which = syncWriteQuota(err);
      if (which === null) throw err;
      return which;
    },
  );
  return quota === null ? outcome.answer : { ok: false, error: { code: 'quota', detail: quota } };
}

export function siteInfo(deps: HandlerDeps) {
  return async ({ url }: Request<'siteInfo'>): Promise<Response<'siteInfo'>> => {
    if (typeof url !== 'string' || !URL.canParse(url)) return invalid();
    const host = pageHost(url);
    // Only web pages have cookies worth watching; about:, file:, the browser's own pages do not.
    if (host === null) {
      const parsed = new URL(url);
      return invalid(parsed.protocol + (parsed.host ? `//${parsed.host}` : ''));
    }
    const n = normalizeDomain(host, []);
    if (!n.ok) return n;
    const settings = await deps.settings();
    return {
      ok: true,
      domain: n.domain,
      site: n.site,
      origins: originsFor(n),
      watched: hostIsWatched(n.domain, settings.domains) !== undefined,
    };
  };
}

export function clearEnded(deps: HandlerDeps) {
  return async ({ ids }: Request<'clearEnded'>): Promise<Response<'clearEnded'>> => {
    if (!Array.isArray(ids)) return { cleared: 0 };
    const unique = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
    const { domains } = await deps.settings();
    const done = await Promise.all(
      unique.map((id) =>
        deps.queue.run(id, async (): Promise<HistoryEvent[] | null> => {
          const record = await readRecord(id);
          if (!record) return null;
          const w = siteFor(record, domains);
          const now = deps.now();
          // Ended as the popup shows it (a token or idle timeout may end it before the cookie).
          // A row still counting down is not the user's to clear: it would come back with the next event.
          if (endedAt(asLived(record, w, await deps.server()), now) === null) return null;
          await removeRecords([id]);
          // Only a session's row has a history to end with the clearing.
          return w && isSiteSession(record, w)
            ? [{ at: now, site: w.domain, kind: 'cleared', name: record.name, storeId: record.storeId }]
            : [];
        }),
      ),
    );
    const cleared = done.filter((events) => events !== null);
    // The rows are cleared either way; the history only misses the line.
    await updateHistory(deps, () => logHistory(deps.queue, cleared.flat()));
    return { cleared: cleared.length };
  };
}

/**
 * The popup's settings changes, made here so the popup ships no settings
 * writer: the switch, and a mark (refused, with ok false, past the limits withMark keeps).
 */
export async function setShowAll({ on }: Request<'setShowAll'>): Promise<Response<'setShowAll'>> {
  if (typeof on !== 'boolean') return { ok: false };
  await updateSettings((s) => (s.showAllCookies === on ? s : { ...s, showAllCookies: on }));
  return { ok: true };
}

export async function setMark({ domain, name, mark }: Request<'setMark'>): Promise<Response<'setMark'>> {
  if (typeof domain !== 'string' || typeof name !== 'string' || (mark !== null && typeof mark !== 'boolean')) return { ok: false };
  let ok = false;
  await updateSettings((s) => {
    const next = withMark(s, domain, name, mark);
    ok = next !== s || s.domains.some((w) => w.domain === domain && (w.marks?.[name] ?? null) === mark);
    return next;
  });
  return { ok };
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    addDomain,
    siteInfo: siteInfo(deps),
    clearEnded: clearEnded(deps),
    rescan: () => deps.rescan(),
    setShowAll,
    setMark,
    checkNow: ({ domain }) =>
      typeof domain === 'string' ? deps.check(domain, 'user') : Promise.resolve({ ok: false, error: 'not-watched' }),
  };
}
