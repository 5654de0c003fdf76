/**
 * Checks: the request to a site's check URL, never two at once for a site,
 * and what its answer leaves behind: the site's last check (status, time,
 * redirect-or-not), a history line, and, when it says signed out, the end
 * of the site's live sessions.
 */
import type { HistoryEvent } from '../core/history';
import type { Response } from '../core/messages';
import { originsFor } from '../core/origins';
import { checkVerdict, type CheckReason, type SiteCheck } from '../core/server-check';
import type { Settings } from '../core/settings-defaults';
import { readChecks, writeChecks } from '../platform/checks-store';
import { requestCheck } from '../platform/check-request';
import { hasOrigins } from '../platform/permissions';
import { logHistory, updateHistory } from './history-log';
import type { KeyQueue } from './key-queue';
import type { WorkerDeps } from './worker-deps';

export interface CheckerDeps extends WorkerDeps {
  queue: KeyQueue;
  settings(): Promise<Settings>;
  /** The site's check said signed out: its live sessions end (server-watch.ts). */
  endByCheck(domain: string, at: number): void;
  /** A request the server sees, sent by the extension: it moves the idle clock, not the user's activity (server-watch.ts). */
  noteOwnRequest(domain: string, url: string, at: number): void;
  /** A check moves what the ends are counted from: alarms, notices, badges and keep-alive follow. */
  reschedule(): void;
}

export type Checker = (domain: string, by: CheckReason) => Promise<Response<'checkNow'>>;

/** The queue key of the checks log: one writer at a time. */
const CHECKS_KEY = 'checks|';

export function createChecker(deps: CheckerDeps): Checker {
  // The sites whose check is under way: a second one for the same site is refused, not queued.
  const running = new Set<string>();
  const record = (domain: string, check: SiteCheck) =>
    deps.queue.run(CHECKS_KEY, async () => writeChecks({ ...(await readChecks()), [domain]: check }));

  return async (domain, by) => {
    const w = (await deps.settings()).domains.find((d) => d.domain === domain);
    if (!w) return { ok: false, error: 'not-watched' };
    if (!w.checkUrl) return { ok: false, error: 'no-check-url' };
    if (running.has(domain)) return { ok: false, error: 'busy' };
    running.add(domain);
    try {
      // Without access the request would go out without the site's cookies, and prove nothing.
      if (!(await hasOrigins(originsFor(w)))) {
        // Kept as a check that got no answer, so that a warning waiting on it is given without it.
        await record(domain, { at: deps.now(), result: 'unknown', status: 0, redirected: false, by });
        deps.reschedule();
        return { ok: false, error: 'no-access' };
      }
      const sentAt = deps.now();
      const answer = await requestCheck(w.checkUrl);
      const at = deps.now();
      // Only a request that got an answer reached the server: one that failed (offline) moves no end.
      if (answer.status !== 0) deps.noteOwnRequest(domain, w.checkUrl, sentAt);
      const result = checkVerdict(answer, w.loginPath);
      const check: SiteCheck = { at, result, status: answer.status, redirected: answer.redirectPath !== null, by };
      await record(domain, check);
      const event: HistoryEvent = {
        at,
        site: domain,
        kind: by === 'keep-alive' ? 'kept-alive' : 'checked',
        name: '',
        storeId: '',
        result,
        status: answer.status,
      };
      await updateHistory(deps, () => logHistory(deps.queue, [event]));
      if (result === 'signed-out') deps.endByCheck(domain, at);
      deps.reschedule();
      return { ok: true, check };
    } finally {
      running.delete(domain);
    }
  };
}
