/**
 * Rescheduling: the alarms, notices and badges brought in line with the
 * records, as core/schedule plans them (the alarms that should exist, the
 * notices due now, the badge of every tab of a watched site). It runs after
 * anything that can change the answer (a watched cookie, a scan, settings,
 * an alarm, a tab of a watched site), alone and one run at a time, and
 * everything it decides from is in storage, so a run in a restarted worker
 * reaches the same answer.
 */
import { errorText } from '../core/error-text';
import type { HistoryEvent } from '../core/history';
import { asLived, type LivedEnd, type ServerKnowledge } from '../core/lifetime';
import { hostIsWatched, siteFor } from '../core/matching';
import { endKey, keptBadges, plan, warningKey, type Notice, type Plan } from '../core/schedule';
import { isSiteSession } from '../core/sessions';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import { endedAt } from '../core/status';
import { pageHost } from '../core/page-host';
import type { CookieRecord } from '../core/types';
import { clearAlarm, scheduledAlarms, setAlarm } from '../platform/alarms';
import { setTabBadge } from '../platform/badge';
import { appendHistoryEvents } from '../platform/history-store';
import { t, uiLocale } from '../platform/i18n';
import { clearNotification, showNotification } from '../platform/notifications';
import { readStampedRecords } from '../platform/records-store';
import { updateFirstScreen } from './first-screen';
import { visibleTabs, type TabPage } from '../platform/tabs';
import { readWarnings, writeWarnings, type WarningLog } from '../platform/warnings-log';
import { badgeLook } from './badge-look';
import type { Checker } from './checks';
import { runKeepAlive } from './keep-alive';
import { updateHistory } from './history-log';
import { noticeId } from './notice-id';
import { noticeText } from './notice-text';
import { checkBeforeWarning } from './warning-check';
import type { WorkerDeps } from './worker-deps';

export interface RescheduleDeps extends WorkerDeps {
  /** What the worker saw of the servers (server-watch.ts). */
  server(): Promise<ServerKnowledge>;
  /** The current settings (the worker's cache). */
  settings(): Promise<Settings>;
  /** Requests a site's check URL (checks.ts): at the warning moment, and for keep-alive. */
  check: Checker;
  /** Runs work nobody waits for (a check): its failure is logged. */
  track(work: Promise<unknown>): void;
}

/** A watched record as plan() sees it: counting to its effective end, with the domain it is listed under. */
interface Lived {
  stored: CookieRecord;
  record: CookieRecord & LivedEnd;
  w: WatchedDomain;
  /** Whether it is one of the site's sessions (the user's marks first): only sessions are warned about and badged. */
  session: boolean;
}

function livedRecords(records: readonly CookieRecord[], settings: Settings, server: ServerKnowledge): Lived[] {
  return records.flatMap((stored) => {
    const w = siteFor(stored, settings.domains);
    return w ? [{ stored, record: asLived(stored, w, server), w, session: isSiteSession(stored, w) }] : [];
  });
}

/** The alarm names plan() gives; any other alarm is not ours to clear. */
const PLANNED = /^(warn|end|badge|keep)\|/;

/**
 * A packed MV3 extension's alarm fires no sooner than 30 s after it is
 * created, and then reads as scheduled for that later time.
 * https://chromium.googlesource.com/chromium/src/+/HEAD/extensions/browser/api/alarms/alarms_api_constants.h (kMV3ReleaseDelayMinimum)
 */
const MIN_ALARM_DELAY = 30_000;

/** Chromium refuses alarms past 500 per extension; the soonest are kept and later ones are set as those fire. */
const MAX_ALARMS = 400;

/** An alarm already set for `when`, or pushed to the 30 s minimum from it: creating it again would only delay it. */
function alreadySet(scheduled: number, when: number, now: number): boolean {
  if (scheduled === when) return true;
  return when <= now + MIN_ALARM_DELAY && scheduled >= when && scheduled <= now + MIN_ALARM_DELAY;
}

async function reconcileAlarms(planned: ReadonlyMap<string, number>, now: number): Promise<void> {
  const wanted = new Map([...planned].sort((a, b) => a[1] - b[1]).slice(0, MAX_ALARMS));
  const existing = await scheduledAlarms();
  const work: Promise<unknown>[] = [];
  for (const name of existing.keys()) {
    if (PLANNED.test(name) && !wanted.has(name)) work.push(clearAlarm(name));
  }
  for (const [name, when] of wanted) {
    const scheduled = existing.get(name);
    if (scheduled === undefined || !alreadySet(scheduled, when, now)) work.push(setAlarm(name, when));
  }
  await Promise.all(work);
}

/**
 * End notices nobody is to see, recorded as given so they stay unseen: a
 * session that ended while its notices were off (turning them on later must
 * not bring a burst of old news), a cookie found missing, which is the
 * browser having been closed or the user clearing cookies, not the site,
 * and the end of a cookie that was no session when it ended (marking it one
 * later must not bring that end up as news either).
 */
function silencedKeys(lived: readonly Lived[], settings: Settings, now: number): string[] {
  const keys: string[] = [];
  for (const { record, w, session } of lived) {
    const at = endedAt(record, now);
    if (at === null) continue;
    if (!session || !settings.notifyEnded || !w.warnings || record.ended?.cause === 'missing') keys.push(endKey(record, at));
  }
  return keys;
}

/** The one key per watched record that plan() can still ask about: its end once ended, else its current expiry's warning. */
function keysInUse(lived: readonly Lived[], now: number): Set<string> {
  const keys = new Set<string>();
  for (const { record } of lived) {
    const at = endedAt(record, now);
    keys.add(at === null ? warningKey(record) : endKey(record, at));
  }
  return keys;
}

/**
 * The log after a run: keys just given added, and only keys still in use
 * kept (a record gone, refreshed to a new expiry or ended frees its old
 * key), so it never holds more than one key per record.
 */
function nextLog(log: WarningLog, given: readonly string[], inUse: ReadonlySet<string>, now: number): WarningLog {
  const next: WarningLog = {};
  for (const [key, at] of Object.entries(log)) if (inUse.has(key)) next[key] = at;
  for (const key of given) if (inUse.has(key) && next[key] === undefined) next[key] = now;
  return next;
}

function sameKeys(a: WarningLog, b: WarningLog): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b);
}

/** Shows the notices; resolves to those the browser took. */
async function showNotices(deps: WorkerDeps, notices: readonly Notice[], now: number, locale: string): Promise<Notice[]> {
  const shown = await Promise.all(
    notices.map(async (notice) => {
      try {
        // "Ending in 1:59" is stale news once the session has ended.
        if (notice.kind === 'ended') await clearNotification(noticeId({ kind: 'ending', site: notice.site }));
        await showNotification(noticeId(notice), noticeText(notice, now, t, locale));
        return [notice];
      } catch (e) {
        deps.warn(`Session Watch: could not show a notification for ${notice.site}: ${errorText(e)}`);
        return [];
      }
    }),
  );
  return shown.flat();
}

/** One 'warned' line per cookie an ending notice spoke for (a notice names the soonest and counts the rest). */
function warnedEvents(shown: readonly Notice[], lived: readonly Lived[], now: number): HistoryEvent[] {
  const byKey = new Map(lived.map(({ record }) => [warningKey(record), record]));
  return shown.flatMap((notice) => {
    if (notice.kind !== 'ending') return [];
    return notice.keys.flatMap((key) => {
      const record = byKey.get(key);
      if (!record) return [];
      return [
        { at: now, site: notice.site, kind: 'warned' as const, name: record.name, storeId: record.storeId, expiresAt: record.endsAt },
      ];
    });
  });
}

async function setBadges(tabs: readonly { tab: TabPage; domain: string | null }[], badges: Plan['badges']) {
  await Promise.all(
    tabs.map(async ({ tab, domain }) => {
      try {
        // A visible tab off the watch list (unwatched since, or shown to the popup through activeTab) gets no badge.
        await setTabBadge(tab.id, badgeLook(domain ?? '', domain === null ? undefined : badges.get(domain), t));
      } catch {
        // The tab closed meanwhile.
      }
    }),
  );
}

/** One run: read, plan, record what is given, then alarms, notices and badges. Runs alone (see coalesce.ts). */
export async function reschedule(deps: RescheduleDeps): Promise<void> {
  const now = deps.now();
  const [stamped, settings, log, visible, server] = await Promise.all([
    readStampedRecords(),
    deps.settings(),
    readWarnings(),
    visibleTabs(),
    deps.server(),
  ]);
  const tabs = visible.flatMap((tab) => {
    const host = pageHost(tab.url);
    return host === null ? [] : [{ tab, domain: hostIsWatched(host, settings.domains)?.domain ?? null }];
  });
  const openSites = new Set(tabs.flatMap(({ domain }) => (domain === null ? [] : [domain])));
  await updateFirstScreen(deps, stamped, settings, server);
  const { records } = stamped;

  // The keys plan() gives are those of the effective end; the log is kept in the same terms.
  const lived = livedRecords(records, settings, server);
  const silenced = silencedKeys(lived, settings, now);
  // A site's other cookies (a theme, an analytics id) come and go without a warning, an alarm or a badge.
  const sessions = lived.flatMap(({ stored, session }) => (session ? [stored] : []));
  const p = plan(sessions, settings, new Set([...Object.keys(log), ...silenced]), now, server, openSites);
  const locale = uiLocale();
  const kept = await runKeepAlive(
    { ...deps, t, locale },
    settings,
    server,
    lived.flatMap(({ record, w, session }) => (session ? [{ domain: w.domain, record }] : [])),
  );
  // A site kept alive is not about to end; a site asked first is warned once the answer is in.
  const asked = await checkBeforeWarning(
    deps,
    p.notices.filter((n) => !kept.kept.has(n.site)),
    settings,
    server,
  );
  const notices = p.notices.filter((n) => n.kind === 'ended' || (!kept.kept.has(n.site) && !asked.has(n.site)));

  // Recorded before anything is shown: a run that fails halfway never shows a warning twice.
  const next = nextLog(log, [...silenced, ...notices.flatMap((n) => n.keys)], keysInUse(lived, now), now);
  if (!sameKeys(log, next)) await writeWarnings(next);

  await reconcileAlarms(new Map([...p.alarms, ...kept.alarms]), now);
  const [shown] = await Promise.all([showNotices(deps, notices, now, locale), setBadges(tabs, keptBadges(p.badges, kept.kept))]);
  // This run is alone in the queue, so it appends directly.
  await updateHistory(deps, () => appendHistoryEvents(warnedEvents(shown, lived, now)));
}
