import { remainingSeconds } from '../core/expiry';
import { formatRemaining, isoDuration, wholeSeconds } from '../core/format';
import type { Clock } from '../ui/clock';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { observeVisibility } from '../ui/visibility';

export interface CountdownTarget {
  /** When the session ends (ms): what the countdown counts to. */
  endsAt: number;
  /** When the row's status changes next (ms), or null. */
  flipAt: number | null;
  /** Asks the row to render again because its status changed. */
  onFlip: () => void;
}

/**
 * Keeps a Remaining `<time>` current: each second it writes the text node
 * and the datetime attribute directly, with no Preact render, and only while
 * the element is on screen. Returns the function that stops it.
 */
export function startCountdown(element: HTMLTimeElement, clock: Clock, target: CountdownTarget): () => void {
  const node = element.firstChild;
  if (!(node instanceof Text)) return () => {};
  const { endsAt, flipAt, onFlip } = target;
  // -1: the DOM may hold a newer value than the last render's, so write once regardless.
  let shown = -1;
  let flipped = false;
  let stopTicking: (() => void) | null = null;

  const update = (now: number) => {
    if (!flipped && flipAt !== null && now >= flipAt) {
      flipped = true;
      onFlip();
    }
    const whole = wholeSeconds(remainingSeconds(endsAt, now) ?? 0);
    if (whole === shown) return;
    shown = whole;
    node.data = formatRemaining(whole, t, pageLocale());
    element.setAttribute('datetime', isoDuration(whole));
  };

  const unobserve = observeVisibility(element, (visible) => {
    if (visible && !stopTicking) {
      element.classList.add('ticking');
      update(clock.now());
      stopTicking = clock.subscribe(update);
    } else if (!visible && stopTicking) {
      stopTicking();
      stopTicking = null;
      element.classList.remove('ticking');
    }
  });
  return () => {
    unobserve();
    stopTicking?.();
    element.classList.remove('ticking');
  };
}
