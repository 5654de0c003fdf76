import { formatTime } from '../core/format';
import type { CheckRefusal } from '../core/messages';
import type { SiteCheck } from '../core/server-check';
import { pageLocale } from './locale';
import { t } from './text';

/**
 * A check's result in words, with its status and time: the options say
 * "Signed out (401) · checked 14:27:05", the popup's row
 * "Server: signed out (401), checked 14:27:05". Status 0 reads "no answer".
 */
export function checkText(where: 'options' | 'popup', check: Pick<SiteCheck, 'at' | 'result' | 'status'>): string {
  const time = formatTime(check.at, pageLocale());
  const outcome = check.status === 0 ? 'no-answer' : check.result;
  const subs = outcome === 'signed-in' || outcome === 'no-answer' ? time : [String(check.status), time];
  return where === 'options' ? t(`checkResult_${outcome}`, subs) : t(`serverCheck_${outcome}`, subs);
}

/** checkRefusedText('busy') -> "A check of this site is already under way." */
export function checkRefusedText(error: CheckRefusal): string {
  return t(`checkRefused_${error}`);
}
