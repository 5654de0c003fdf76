/**
 * Naming cookie stores. Each browser names its stores differently: Chromium
 * "0" (regular) and "1" (incognito); Firefox "firefox-default",
 * "firefox-private" and "firefox-container-<n>" for each container.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/cookies/CookieStore
 */

export type StoreKind = 'default' | 'private' | 'container' | 'other';

export interface StoreLabel {
  kind: StoreKind;
  /** The container's own name, where the browser gives one. */
  name?: string;
}

/**
 * storeLabel('firefox-container-2', {'firefox-container-2': 'Work'}) -> {kind: 'container', name: 'Work'}
 * storeLabel('1', {}) -> {kind: 'private'}
 */
export function storeLabel(storeId: string, containerNames: Readonly<Record<string, string>> = {}): StoreLabel {
  if (storeId === '0' || storeId === 'firefox-default') return { kind: 'default' };
  if (storeId === '1' || storeId === 'firefox-private') return { kind: 'private' };
  if (storeId.startsWith('firefox-container-')) {
    const name = Object.prototype.hasOwnProperty.call(containerNames, storeId) ? containerNames[storeId] : undefined;
    return name ? { kind: 'container', name } : { kind: 'container' };
  }
  return { kind: 'other' };
}
