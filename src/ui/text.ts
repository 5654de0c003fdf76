import { t as getMessage } from '../platform/i18n';

const cache = new Map<string, string>();

/**
 * The pages' translate function: the browser's message, remembered. A page
 * asks for the same few messages hundreds of times (every row, every tick),
 * and each call crosses the polyfill's proxy.
 * t('domainRemoved', 'example.com') -> "Stopped watching example.com."
 */
export function t(key: string, substitutions?: string | string[]): string {
  const id =
    substitutions === undefined ? key : `${key}\u0000${typeof substitutions === 'string' ? substitutions : substitutions.join('\u0000')}`;
  let message = cache.get(id);
  if (message === undefined) {
    message = getMessage(key, substitutions);
    cache.set(id, message);
  }
  return message;
}
