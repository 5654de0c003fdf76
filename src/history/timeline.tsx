import { eventsBySite, type HistoryEvent } from '../core/history';
import { formatDateTime, isoInstant } from '../core/format';
import { pageLocale } from '../ui/locale';
import { t } from '../ui/text';
import { eventDetail } from './event-detail';
import { eventKeys } from './event-keys';
import { type KindGroup, kindGroup, kindText } from './kinds';

interface TimelineProps {
  /** Oldest first. */
  events: readonly HistoryEvent[];
}

/** Strip width in SVG units; the strip stretches to the page and its marks keep their width. */
const WIDTH = 1000;
const HEIGHT = 24;
/** Room at each end, so the first and last marks show whole. */
const PAD = 6;
/** Where a mark of each group starts and ends: a login or an end spans the strip, a refresh is a short tick. */
const SPAN: Record<KindGroup, [number, number]> = {
  start: [2, 22],
  end: [2, 22],
  warn: [6, 18],
  refresh: [9, 15],
  quiet: [9, 15],
};

function countsText(events: readonly HistoryEvent[], locale: string): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
  const number = new Intl.NumberFormat(locale);
  const parts = [...counts].map(([kind, n]) => t('historyKindCount', [kindText(kind), number.format(n)]));
  return new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(parts);
}

/** "Nov 26, 2026, 2:27:05 PM · Checked · signed in (200)"; a cookie's event ends with its name, a site's has none. */
function markTitle(e: HistoryEvent, locale: string): string {
  const detail = eventDetail(e, locale);
  const what = detail === null ? kindText(e.kind) : `${kindText(e.kind)} ${detail}`;
  return [formatDateTime(e.at, locale), what, e.name].filter((part) => part !== '').join(' · ');
}

/**
 * One strip per site over the same span of time, one mark per event
 * coloured (and sized) by its kind. Each strip is an image described in
 * words (what happened, how often, between when); the table below lists
 * every event.
 */
export function Timeline({ events }: TimelineProps) {
  const locale = pageLocale();
  const first = events[0]?.at ?? 0;
  const last = events[events.length - 1]?.at ?? 0;
  const span = last - first;
  const x = (at: number) => (span === 0 ? WIDTH / 2 : PAD + ((at - first) / span) * (WIDTH - 2 * PAD));

  const byDomain = eventsBySite(events);
  const domains = [...byDomain.keys()].sort((a, b) => a.localeCompare(b));
  const kinds = [...new Set(events.map((e) => e.kind))];
  const from = formatDateTime(first, locale);
  const to = formatDateTime(last, locale);

  return (
    <>
      <ul class="legend" aria-label={t('historyLegendLabel')}>
        {kinds.map((kind) => (
          <li key={kind}>
            <span class={`swatch kind-${kindGroup(kind)}`} aria-hidden="true" />
            {kindText(kind)}
          </li>
        ))}
      </ul>
      <ul class="timeline">
        {domains.map((domain) => {
          const own = byDomain.get(domain) ?? [];
          const keys = eventKeys(own);
          return (
            <li key={domain}>
              {/* The strip's own description names the site: said once, not twice. */}
              <span class="timeline-site" aria-hidden="true">
                {domain}
              </span>
              <svg
                class="strip"
                viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
                preserveAspectRatio="none"
                role="img"
                aria-label={t('historyTimelineLabel', [domain, from, to, countsText(own, locale)])}
              >
                <line class="axis" x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} />
                {own.map((e, i) => {
                  const [top, bottom] = SPAN[kindGroup(e.kind)];
                  return (
                    <line key={keys[i]} class={`mark kind-${kindGroup(e.kind)}`} x1={x(e.at)} x2={x(e.at)} y1={top} y2={bottom}>
                      <title>{markTitle(e, locale)}</title>
                    </line>
                  );
                })}
              </svg>
            </li>
          );
        })}
      </ul>
      <div class="timeline-range">
        <span class="range">
          <time dateTime={isoInstant(first)}>{from}</time>
          <time dateTime={isoInstant(last)}>{to}</time>
        </span>
      </div>
    </>
  );
}
