import type { ImportError, ImportErrorCode } from '../core/settings-io';
import { t } from '../ui/text';
import { pageLocale } from '../ui/locale';
import { formatCount } from '../core/format';

/** How each code's detail reads in its message; a code not listed shows its detail as it is. */
const DETAIL: Partial<Record<ImportErrorCode, (detail: string) => string>> = {
  // The limit in megabytes, as file managers show sizes.
  'too-large': (bytes) => new Intl.NumberFormat(pageLocale(), { maximumFractionDigits: 1 }).format(Number(bytes) / 1_000_000),
  'too-many-domains': (limit) => formatCount(Number(limit), pageLocale()),
  // The reader of stored settings adds how it would repair the field; an import repairs nothing.
  'invalid-field': (line) => line.replace(/;[^;]*$/, ''),
};

/**
 * What is wrong with a settings file, in the user's words: one message per
 * code (`importError_<code>`), with the detail put in.
 * importErrorText({code: 'too-many-domains', detail: '500'}) -> "This file lists more than 500 sites, …"
 */
export function importErrorText(error: ImportError): string {
  const detail = error.detail ?? '';
  return t(`importError_${error.code}`, DETAIL[error.code]?.(detail) ?? detail);
}
