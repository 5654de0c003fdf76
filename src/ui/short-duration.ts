import { localeDigits } from '../core/format';
import { pageLocale } from './locale';
import { t } from './text';

/**
 * A length of time in its two largest units, for labels rather than
 * countdowns. shortDuration(300) -> "5 m"; (90) -> "1 m 30 s"; (5400) -> "1 h 30 m"; (93_600) -> "1 d 2 h"
 */
export function shortDuration(seconds: number): string {
  const n = localeDigits(pageLocale()).plain;
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return t('shortSeconds', n(total));
  if (total < 3600) {
    const s = total % 60;
    return s === 0 ? t('shortMinutes', n(total / 60)) : t('shortMinutesSeconds', [n(Math.floor(total / 60)), n(s)]);
  }
  if (total < 86_400) {
    const m = Math.floor((total % 3600) / 60);
    const h = Math.floor(total / 3600);
    return m === 0 ? t('shortHours', n(h)) : t('shortHoursMinutes', [n(h), n(m)]);
  }
  const h = Math.floor((total % 86_400) / 3600);
  const d = Math.floor(total / 86_400);
  return h === 0 ? t('shortDays', n(d)) : t('shortDaysHours', [n(d), n(h)]);
}
