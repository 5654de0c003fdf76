import { t } from '../platform/i18n';

const cache = new Map<string, string>();

/**
 * t() remembered: a page asks for the same few messages hundreds of times
 * (every row, every tick), and each call crosses the polyfill's proxy.
 */
export function text(key: string, substitutions?: string | string[]): string {
  const id =
    substitutions === undefined ? key : `${key}\u0000${typeof substitutions === 'string' ? substitutions : substitutions.join('\u0000')}`;
  let message = cache.get(id);
  if (message === undefined) {
    message = t(key, substitutions);
    cache.set(id, message);
  }
  return message;
}
