import { uiLocale } from '../platform/i18n';

let cached: string | undefined;

/** The browser's UI language for Intl formatting, read once per page. */
export function pageLocale(): string {
  cached ??= uiLocale();
  return cached;
}
