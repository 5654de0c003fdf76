import { formatTime } from '../core/format';
import type { SiteCheck } from '../core/server-check';
import { pageLocale } from './locale';
import { t } from './text';

/**
 * A check's result in words, with its status and time: "Server: signed
 * in, checked 14:27:05", "Server: signed out (401), checked 14:27:05";
 * status 0 reads "no answer".
 */
export function checkText(check: Pick<SiteCheck, 'at' | 'result' | 'status'>): string {
  const time = formatTime(check.at, pageLocale());
  const outcome = check.status === 0 ? 'no-answer' : check.result;
  return t(`serverCheck_${outcome}`, outcome === 'signed-in' || outcome === 'no-answer' ? time : [String(check.status), time]);
}
