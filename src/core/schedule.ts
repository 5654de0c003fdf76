/**
 * When to warn, when to wake, and what the toolbar badge says: a pure
 * function of the records, the settings, the warnings already given and now.
 * The worker turns the answer into alarms, notifications and badges; because
 * the answer depends only on stored data, a restarted worker, a restarted
 * browser or a re-scan reaches the same answer and never warns twice.
 */
import { asLived, type Lived, type ServerKnowledge } from './lifetime';
import { siteFor } from './matching';
import { leadMsFor } from './settings';
import type { Settings, WatchedDomain } from './settings-defaults';
import { endedAt, statusOf } from './status';
import type { CookieRecord, Status } from './types';

/** A warning or end notice to show now, one per site and kind. */
export interface Notice {
  kind: 'ending' | 'ended';
  /** The watched domain the cookies belong to (a WatchedDomain.domain, not its registrable `site`). */
  site: string;
  /** The cookie the notice names: the soonest to end (or the latest ended), as it lives (its end in `endsAt`, what ends it in `endBy`). */
  record: Lived;
  /** How many cookies of the site this notice covers. */
  count: number;
  /** Keys to record as given once it is shown. */
  keys: string[];
}

export interface Badge {
  text: string;
  status: Status;
}

/**
 * The badges with each site keep-alive renews (`kept`, the worker's own
 * answer) reading "Active" where they would read "Expiring soon": as its
 * row and the banner say, and as its held-back warning, that session is not
 * about to end. Every other badge, and an ended session's, is as given.
 * keptBadges(new Map([['a.example', {text: '1m', status: 'expiring'}]]), new Set(['a.example'])).get('a.example') -> {text: '1m', status: 'active'}
 */
export function keptBadges(badges: ReadonlyMap<string, Badge>, kept: ReadonlySet<string>): Map<string, Badge> {
  const out = new Map(badges);
  for (const site of kept) {
    const badge = out.get(site);
    if (badge?.status === 'expiring') out.set(site, { ...badge, status: 'active' });
  }
  return out;
}

export interface Plan {
  /** Every alarm that should exist, by name, at its time (ms). */
  alarms: Map<string, number>;
  notices: Notice[];
  /** Per watched domain with something to show; absent = no badge. */
  badges: Map<string, Badge>;
}

/** warningKey(r) -> "warn|<id>|<endsAt>": a refresh that moves the end re-arms the warning. */
export function warningKey(record: Pick<Lived, 'id' | 'endsAt'>): string {
  return `warn|${record.id}|${record.endsAt ?? 'session'}`;
}

/** endKey(r, at) -> "end|<id>|<at>": one end notice per session that ended. */
export function endKey(record: Pick<CookieRecord, 'id'>, at: number): string {
  return `end|${record.id}|${at}`;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * The toolbar text for the time left (at most 4 characters) and how long
 * until it would read differently. Each step starts 1 ms past a boundary.
 * badgeText(7_200_000) -> {text: '2h', nextChangeIn: 1}; badgeText(59_999) -> {text: '59s', nextChangeIn: null}
 */
export function badgeText(remainingMs: number): { text: string; nextChangeIn: number | null } {
  if (remainingMs <= 0) return { text: '', nextChangeIn: null };
  if (remainingMs >= 100 * HOUR) {
    const days = Math.floor(remainingMs / (24 * HOUR));
    const next = Math.min(remainingMs - days * 24 * HOUR, remainingMs - 100 * HOUR) + 1;
    return { text: `${Math.min(days, 999)}d`, nextChangeIn: next };
  }
  if (remainingMs >= HOUR) {
    const hours = Math.floor(remainingMs / HOUR);
    return { text: `${hours}h`, nextChangeIn: remainingMs - hours * HOUR + 1 };
  }
  if (remainingMs >= MINUTE) {
    const minutes = Math.floor(remainingMs / MINUTE);
    return { text: `${minutes}m`, nextChangeIn: remainingMs - minutes * MINUTE + 1 };
  }
  // Under a minute the badge says so once, at the last-minute boundary, and does not tick.
  return { text: `${Math.floor(remainingMs / 1000)}s`, nextChangeIn: null };
}

function badgeRank(status: Status): number {
  return status === 'expiring' ? 0 : status === 'active' ? 1 : 2;
}

/**
 * Plan alarms, notices and badges.
 * `given` holds the keys of warnings already shown (storage.local). An
 * ended session has an empty badge text; the worker shows its own mark.
 * Each record counts to its effective end (asLived: the earliest of its
 * cookie's expiry, the site's idle timeout and its token's expiry), the
 * moment the popup counts to; keys, alarms and notices carry that end.
 */
export function plan(
  records: readonly CookieRecord[],
  settings: Settings,
  given: ReadonlySet<string>,
  now: number,
  /** What the worker saw of the servers: activity and learned idle timeouts. */
  server: ServerKnowledge,
  /** Watched domains with a tab open: only their badges need waking for. */
  openDomains: ReadonlySet<string> = new Set(),
): Plan {
  const alarms = new Map<string, number>();
  const badges = new Map<string, Badge>();
  const due = new Map<string, { kind: Notice['kind']; site: string; items: { record: Notice['record']; key: string; at: number }[] }>();

  const addDue = (kind: Notice['kind'], w: WatchedDomain, record: Notice['record'], key: string, at: number) => {
    const id = `${kind}|${w.domain}`;
    const entry = due.get(id) ?? { kind, site: w.domain, items: [] };
    entry.items.push({ record, key, at });
    due.set(id, entry);
  };

  const soonest = new Map<string, { record: Lived; status: Status }>();

  for (const stored of records) {
    const w = siteFor(stored, settings.domains);
    if (!w) continue;
    const record = asLived(stored, w, server);
    const leadMs = leadMsFor(settings, w);
    const status = statusOf(record, now, leadMs);
    const end = endedAt(record, now);

    if (end !== null) {
      const key = endKey(record, end);
      if (settings.notifyEnded && w.warnings && !given.has(key)) addDue('ended', w, record, key, end);
    } else if (record.endsAt !== null) {
      const threshold = record.endsAt - leadMs;
      const key = warningKey(record);
      if (w.warnings && !given.has(key)) {
        if (now >= threshold) addDue('ending', w, record, key, record.endsAt);
        else alarms.set(key, threshold);
      }
      // No browser event marks an expiry: wake at it to say so and turn the badge red.
      alarms.set(`end|${record.id}|${record.endsAt}`, record.endsAt);
    }

    const current = soonest.get(w.domain);
    const better =
      !current ||
      badgeRank(status) < badgeRank(current.status) ||
      (badgeRank(status) === badgeRank(current.status) && (record.endsAt ?? Infinity) < (current.record.endsAt ?? Infinity));
    if (status !== 'browser-session' && better) soonest.set(w.domain, { record, status });
  }

  for (const [domain, { record, status }] of soonest) {
    if (status === 'expired' || status === 'logged-out') {
      badges.set(domain, { text: '', status });
      continue;
    }
    const remaining = (record.endsAt ?? now) - now;
    const { text, nextChangeIn } = badgeText(remaining);
    badges.set(domain, { text, status });
    // Wake for the badge only when its text changes and a tab shows it.
    if (nextChangeIn !== null && openDomains.has(domain)) alarms.set(`badge|${domain}`, now + nextChangeIn);
  }

  const notices: Notice[] = [];
  for (const { kind, site, items } of due.values()) {
    items.sort((a, b) => (kind === 'ending' ? a.at - b.at : b.at - a.at));
    const first = items[0]!;
    notices.push({ kind, site, record: first.record, count: items.length, keys: items.map((i) => i.key) });
  }
  return { alarms, notices, badges };
}
