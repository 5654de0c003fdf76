import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { remainingSeconds } from '../core/expiry';
import { formatCount, formatRemaining, isoDuration } from '../core/format';
import { statusLeadMs, type KeepAliveLog } from '../core/keep-alive';
import { asLived, type ServerKnowledge } from '../core/lifetime';
import { cookieHost } from '../core/matching';
import { leadMsFor } from '../core/settings';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import { nextStatusChange, statusOf } from '../core/status';
import type { CookieRecord } from '../core/types';
import { callAt } from '../ui/call-at';
import type { Clock } from '../ui/clock';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { startCountdown } from './countdown';

interface ExpiringBannerProps {
  records: readonly CookieRecord[];
  settings: Pick<Settings, 'leadMinutes'>;
  clock: Clock;
  /** The watched domain a cookie is listed under (siteFor, or a faster index of it). */
  watchedOf: (record: CookieRecord) => WatchedDomain | undefined;
  server: ServerKnowledge;
  /** Every site's keep-alive: a session it renews does not end soon. */
  keepAlive: Readonly<KeepAliveLog>;
}

interface Expiring {
  /** How many sessions are inside their warning lead. */
  count: number;
  /** The one of them that ends first, and the watched domain it is listed under. */
  soonest: { name: string; domain: string; endsAt: number } | null;
  /** When any record's status changes next (ms): a session enters its lead or ends. */
  nextChange: number | null;
}

function expiringAt({ records, settings, watchedOf, server, keepAlive }: Omit<ExpiringBannerProps, 'clock'>, now: number): Expiring {
  let count = 0;
  let soonest: Expiring['soonest'] = null;
  let nextChange: number | null = null;
  for (const stored of records) {
    const w = watchedOf(stored);
    // Counted to the session's effective end, as the worker's warnings are.
    const record = asLived(stored, w, server);
    // The worker holds back the warning of a session it keeps alive: so does the banner, as its row does.
    const leadMs = statusLeadMs(w, w ? keepAlive[w.domain] : undefined, record, leadMsFor(settings, w));
    const flip = nextStatusChange(record, now, leadMs);
    if (flip !== null && (nextChange === null || flip < nextChange)) nextChange = flip;
    if (record.endsAt === null || statusOf(record, now, leadMs) !== 'expiring') continue;
    count += 1;
    if (!soonest || record.endsAt < soonest.endsAt) {
      soonest = { name: record.name, domain: w?.domain ?? cookieHost(record.domain), endsAt: record.endsAt };
    }
  }
  return { count, soonest, nextChange };
}

/**
 * "sessionid on example.com ends soon" above the table while any session is
 * inside its warning lead, unless keep-alive renews it. The sentence is a
 * polite live region that changes only when the sessions ending soon
 * change; the countdown next to it sits outside that region and ticks
 * through startCountdown, so a screen reader hears the news once, not
 * every second. The banner renders again only when
 * its props change or a session's status flips.
 */
export function ExpiringBanner(props: ExpiringBannerProps) {
  const { clock } = props;
  const [flips, setFlips] = useState(0);
  const countdown = useRef<HTMLTimeElement>(null);
  const now = clock.now();
  const { count, soonest, nextChange } = expiringAt(props, now);

  // Re-armed after each flip too, so a clock that stepped back cannot leave it disarmed.
  useEffect(() => (nextChange === null ? undefined : callAt(clock, nextChange, () => setFlips((n) => n + 1))), [clock, nextChange, flips]);

  // Restarted after every render: the render wrote the value of its own moment, the countdown keeps it current.
  useLayoutEffect(() => {
    const element = countdown.current;
    if (!element || !soonest) return undefined;
    return startCountdown(element, clock, { endsAt: soonest.endsAt, flipAt: null, onFlip: () => {} });
  });

  let message = '';
  if (soonest) {
    message =
      count === 1
        ? t('expiringOne', [soonest.name, soonest.domain])
        : t('expiringMany', [formatCount(count, pageLocale()), soonest.name, soonest.domain]);
  }
  const seconds = soonest ? (remainingSeconds(soonest.endsAt, now) ?? 0) : 0;

  // The region stays in the page while empty: text put into a region that is already there is what gets announced.
  return (
    <div class={soonest ? 'expiring expiring-on' : 'expiring'}>
      <p class="expiring-message" role="status" aria-live="polite">
        {message}
      </p>
      {soonest && (
        <time ref={countdown} class="expiring-countdown" dateTime={isoDuration(seconds)}>
          {formatRemaining(seconds, t, pageLocale())}
        </time>
      )}
    </div>
  );
}
