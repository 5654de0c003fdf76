import { Component, createRef } from 'preact';
import { remainingSeconds } from '../core/expiry';
import { formatDateTime, formatRemaining, formatTime, isoDuration, isoInstant } from '../core/format';
import { asLived, lifetimeOf, type ServerKnowledge } from '../core/lifetime';
import { idleSourceText } from './idle-source-text';
import { isSiteSession, sessionFramework } from '../core/sessions';
import { endedAt, nextStatusChange, statusOf } from '../core/status';
import type { CookieRecord } from '../core/types';
import type { Clock } from '../ui/clock';
import { pageLocale } from '../ui/locale';
import { shortDuration } from '../ui/short-duration';
import { t } from '../ui/text';
import { type CountdownTarget, startCountdown } from './countdown';
import { nextMark } from './session-mark';
import { canKeepAlive, statusLeadMs, type KeepAliveState } from '../core/keep-alive';
import type { WatchedDomain } from '../core/settings-shape';
import type { Response } from '../core/messages';
import type { SiteCheck } from '../core/server-check';
import { CheckNow } from '../ui/check-now';

export interface CookieRowProps {
  record: CookieRecord;
  /** The watched domain the cookie is listed under. */
  watchedDomain: string;
  /** The site's declared server-side idle timeout in minutes, or null. */
  idleMinutes: number | null;
  /** What the worker saw of the servers: the last request to each site, the idle timeouts learned. */
  server: ServerKnowledge;
  /** Warn this long before the end (the domain's lead, else the global one). */
  leadMs: number;
  /** The site's keep-alive switch and check URL, and its keep-alive state: a session keep-alive renews is not "Expiring soon". */
  keepAliveSite: Pick<WatchedDomain, 'checkUrl' | 'keepAlive'> | undefined;
  keepAliveState: KeepAliveState | undefined;
  /** The store's name for a cookie outside the regular store ("Private", a container's name), else null. */
  store: string | null;
  /** The user's mark for this cookie name on this site (true = the session, false = not), if any. */
  mark: boolean | undefined;
  clock: Clock;
  onClear: (id: string) => void;
  /** Saves the user's choice; null removes it (the name and flags decide again). */
  onMark: (domain: string, name: string, mark: boolean | null) => void;
  /** For the site's first row when it has a check URL: its last check, Check now and its keep-alive; else null. */
  siteLine?: SiteLine | null;
}

/** What a site's first row says of the server: its last check, Check now, and its keep-alive. */
export interface SiteLine {
  check: SiteCheck | undefined;
  kept: KeepAliveState | undefined;
  /** The user turned keep-alive on for the site. */
  keepAlive: boolean;
  /** The keep-alive cap, for "no activity for 4 h". */
  capMinutes: number;
  onCheck: (domain: string) => Promise<Response<'checkNow'>>;
}

/**
 * "Kept alive", "Keep-alive stopped: no activity for 4 h" or "… signed out",
 * why it cannot help a fixed end, or null. `can` is canKeepAlive's answer
 * (core/keep-alive.ts): true when the session has an idle period to renew,
 * null when nothing says when it would end idle.
 */
function keepAliveText({ kept, keepAlive, capMinutes }: SiteLine, can: boolean | null): string | null {
  const stopped = kept?.stopped;
  if (stopped)
    return stopped.reason === 'cap' ? t('keepAliveStopped_cap', shortDuration(capMinutes * 60)) : t('keepAliveStopped_signed_out');
  return keepAlive && can !== null ? t(can ? 'keptAlive' : 'keepAliveCannot') : null;
}

/** partitionSite("https://shop.example:8443") -> "shop.example"; anything unparsable is shown as it is. */
function partitionSite(partition: string): string {
  try {
    return new URL(partition).hostname || partition;
  } catch {
    return partition;
  }
}

/** The site line's inputs are rebuilt on every table render; their parts decide. */
function sameLine(a: CookieRowProps['siteLine'], b: CookieRowProps['siteLine']): boolean {
  if (!a || !b) return a === b;
  return (
    a.check === b.check && a.kept === b.kept && a.keepAlive === b.keepAlive && a.capMinutes === b.capMinutes && a.onCheck === b.onCheck
  );
}

/**
 * One watched cookie. It renders again only when one of its props changes
 * or its status flips; the countdown between flips is written straight to
 * the DOM by startCountdown. Everything it counts to is the session as it
 * lives (asLived): the earliest of the cookie's expiry, the site's idle
 * timeout and its token's expiry, the moment the worker warns about.
 */
export class CookieRow extends Component<CookieRowProps> {
  private readonly remaining = createRef<HTMLTimeElement>();
  /** What the last render counts down to, or null when the row has no countdown. */
  private countdown: CountdownTarget | null = null;
  private stopCountdown: (() => void) | null = null;

  private readonly flip = () => this.forceUpdate();
  private readonly clear = () => this.props.onClear(this.props.record.id);
  private readonly toggleMark = () => {
    const { record, watchedDomain, mark, onMark } = this.props;
    const session = mark ?? isSiteSession(record, undefined);
    onMark(watchedDomain, record.name, nextMark(record, !session));
  };

  override shouldComponentUpdate(next: CookieRowProps): boolean {
    const p = this.props;
    return (
      p.record !== next.record ||
      p.watchedDomain !== next.watchedDomain ||
      p.idleMinutes !== next.idleMinutes ||
      p.server !== next.server ||
      p.leadMs !== next.leadMs ||
      p.keepAliveSite !== next.keepAliveSite ||
      p.keepAliveState !== next.keepAliveState ||
      p.store !== next.store ||
      p.mark !== next.mark ||
      p.clock !== next.clock ||
      p.onClear !== next.onClear ||
      p.onMark !== next.onMark ||
      !sameLine(p.siteLine, next.siteLine)
    );
  }

  override componentDidMount() {
    this.startCountdown();
  }

  override componentDidUpdate() {
    this.stopCountdown?.();
    this.startCountdown();
  }

  override componentWillUnmount() {
    this.stopCountdown?.();
  }

  private startCountdown() {
    // Preact keeps a ref whose element is reused without it, so the render decides, not the ref.
    const element = this.remaining.current;
    this.stopCountdown = element && this.countdown ? startCountdown(element, this.props.clock, this.countdown) : null;
  }

  override render(props: CookieRowProps) {
    const { record, watchedDomain, idleMinutes, server, store, mark, clock } = props;
    const now = clock.now();
    const locale = pageLocale();
    const lived = asLived(record, { domain: watchedDomain, idleMinutes }, server);
    const leadMs = statusLeadMs(props.keepAliveSite, props.keepAliveState, lived, props.leadMs);
    const status = statusOf(lived, now, leadMs);
    const ended = endedAt(lived, now);
    const { endsAt, endBy, endIdle } = lived;
    const lastRequestAt = server.activity[watchedDomain]?.lastRequestAt ?? null;
    const lifetime = lifetimeOf(record);
    const framework = sessionFramework(record.name);
    const session = mark ?? isSiteSession(record, undefined);
    const line = props.siteLine;
    const kept = line ? keepAliveText(line, canKeepAlive(lived)) : null;
    this.countdown = null;

    let remaining;
    if (ended !== null) remaining = <time dateTime="PT0S">{formatRemaining(0, t, locale)}</time>;
    else if (endsAt === null) remaining = t('remainingUntilBrowserCloses');
    else {
      const seconds = remainingSeconds(endsAt, now) ?? 0;
      this.countdown = { endsAt, flipAt: nextStatusChange(lived, now, leadMs), onFlip: this.flip };
      remaining = (
        <time ref={this.remaining} dateTime={isoDuration(seconds)}>
          {formatRemaining(seconds, t, locale)}
        </time>
      );
    }

    // Spaces between the parts keep the cell's text readable when copied or read out as one.
    return (
      <tr data-id={record.id} class={`row-${status}`}>
        <td class="site">
          {watchedDomain}
          {store !== null && (
            <>
              {' '}
              <span class="tag tag-store">{store}</span>
            </>
          )}
          {record.partition && (
            <>
              {' '}
              <span class="tag">{t('partitionedFor', partitionSite(record.partition))}</span>
            </>
          )}
          {line && (
            <>
              {' '}
              <CheckNow domain={watchedDomain} check={line.check} onCheck={line.onCheck} />
              {kept !== null && (
                <>
                  {' '}
                  <span class="tag tag-kept">{kept}</span>
                </>
              )}
            </>
          )}
        </td>
        <td class="name">
          <span class="name-line">
            <span class="cookie-name">{record.name}</span>
            <button
              type="button"
              class="mark"
              aria-pressed={session ? 'true' : 'false'}
              aria-label={t('markSession', record.name)}
              title={t('markSession', record.name)}
              onClick={this.toggleMark}
            />
          </span>
          {framework !== null && (
            <>
              {' '}
              <span class="tag">{framework}</span>
            </>
          )}
        </td>
        <td class="expires">
          {endsAt === null ? t('expiresWhenBrowserCloses') : <time dateTime={isoInstant(endsAt)}>{formatDateTime(endsAt, locale)}</time>}
          {endBy === 'token' && (
            <>
              {' '}
              <span class="tag tag-end">{t('endByToken')}</span>
            </>
          )}
          {endBy === 'idle' && endIdle !== undefined && ended === null && (
            <>
              {' '}
              <span class="tag tag-end">{t('endByIdle')}</span> <span class="idle-source">{idleSourceText(endIdle)}</span>
              {lastRequestAt !== null && (
                <>
                  {' '}
                  <span class="idle-since">{t('idleCountedFrom', formatTime(lastRequestAt, locale))}</span>
                </>
              )}
            </>
          )}
          {ended === null && lifetime.kind === 'sliding' && (
            <>
              {' '}
              <span class="lifetime">{t('lifetimeSliding', shortDuration(lifetime.idleMs / 1000))}</span>
            </>
          )}
          {ended === null && lifetime.kind === 'fixed' && (
            <>
              {' '}
              <span class="lifetime">{t('lifetimeFixed')}</span>
            </>
          )}
        </td>
        <td class="remaining">{remaining}</td>
        <td class="status-cell">
          {/* The status in words; its colour only repeats it. */}
          <span class={`status status-${status}`}>{t(`status_${status}`)}</span>
          {record.ended?.cause === 'ended-by-server' && record.ended.idleMs !== undefined && (
            <>
              {' '}
              <span class="ended-after">{t('endedByServerAfter', shortDuration(record.ended.idleMs / 1000))}</span>
            </>
          )}
          {ended !== null && (
            <>
              {' '}
              <time class="ended-at" dateTime={isoInstant(ended)}>
                {formatTime(ended, locale)}
              </time>
              <button type="button" class="clear" aria-label={t('clearCookie', record.name)} onClick={this.clear}>
                {t('clearButton')}
              </button>
            </>
          )}
        </td>
      </tr>
    );
  }
}
