import browser from 'webextension-polyfill';

/** t('domainError_public-suffix', 'co.uk') -> the message in the browser's language. */
export function t(key: string, substitutions?: string | string[]): string {
  // getMessage only accepts [A-Za-z0-9_@] in names; codes with '-' map to '_'.
  return browser.i18n.getMessage(key.replace(/-/g, '_'), substitutions);
}

/** The UI language the browser uses, for Intl formatting. */
export function uiLocale(): string {
  return browser.i18n.getUILanguage();
}
