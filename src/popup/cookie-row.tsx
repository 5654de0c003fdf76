import { Component, createRef } from 'preact';
import { remainingSeconds } from '../core/expiry';
import { formatDateTime, formatRemaining, formatTime, isoDuration, isoInstant } from '../core/format';
import { endedAt, nextStatusChange, statusOf } from '../core/status';
import type { CookieRecord } from '../core/types';
import type { Clock } from '../ui/clock';
import { pageLocale } from '../ui/locale';
import { text } from '../ui/text';
import { type CountdownTarget, startCountdown } from './countdown';

export interface CookieRowProps {
  record: CookieRecord;
  /** The watched domain the cookie is listed under. */
  site: string;
  /** Warn this long before the end (the domain's lead, else the global one). */
  leadMs: number;
  clock: Clock;
  onClear: (id: string) => void;
}

/**
 * One watched cookie. It renders again only when one of its props changes
 * or its status flips; the countdown between flips is written straight to
 * the DOM by startCountdown.
 */
export class CookieRow extends Component<CookieRowProps> {
  private readonly remaining = createRef<HTMLTimeElement>();
  /** What the last render counts down to, or null when the row has no countdown. */
  private countdown: CountdownTarget | null = null;
  private stopCountdown: (() => void) | null = null;

  private readonly flip = () => this.forceUpdate();
  private readonly clear = () => this.props.onClear(this.props.record.id);

  override shouldComponentUpdate(next: CookieRowProps): boolean {
    const p = this.props;
    return p.record !== next.record || p.site !== next.site || p.leadMs !== next.leadMs || p.clock !== next.clock || p.onClear !== next.onClear;
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

  override render({ record, site, leadMs, clock }: CookieRowProps) {
    const now = clock.now();
    const locale = pageLocale();
    const status = statusOf(record, now, leadMs);
    const ended = endedAt(record, now);
    const { expiresAt } = record;
    this.countdown = null;

    let remaining;
    if (ended !== null) remaining = <time dateTime="PT0S">{formatRemaining(0, text, locale)}</time>;
    else if (expiresAt === null) remaining = text('remainingUntilBrowserCloses');
    else {
      const seconds = remainingSeconds(expiresAt, now) ?? 0;
      this.countdown = { expiresAt, flipAt: nextStatusChange(record, now, leadMs), onFlip: this.flip };
      remaining = (
        <time ref={this.remaining} dateTime={isoDuration(seconds)}>
          {formatRemaining(seconds, text, locale)}
        </time>
      );
    }

    return (
      <tr data-id={record.id} class={`row-${status}`}>
        <td class="site">{site}</td>
        <td class="name">{record.name}</td>
        <td class="expires">
          {expiresAt === null ? (
            text('expiresWhenBrowserCloses')
          ) : (
            <time dateTime={isoInstant(expiresAt)}>{formatDateTime(expiresAt, locale)}</time>
          )}
        </td>
        <td class="remaining">{remaining}</td>
        <td class="status-cell">
          {/* The status in words; its colour only repeats it. */}
          <span class={`status status-${status}`}>{text(`status_${status}`)}</span>
          {ended !== null && (
            <>
              {' '}
              <time class="ended-at" dateTime={isoInstant(ended)}>
                {formatTime(ended, locale)}
              </time>
              <button type="button" class="clear" aria-label={text('clearCookie', record.name)} onClick={this.clear}>
                {text('clearButton')}
              </button>
            </>
          )}
        </td>
      </tr>
    );
  }
}
