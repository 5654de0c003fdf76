import browser from 'webextension-polyfill';

/**
 * Asks the user for host access. Call it before any other await in a click
 * handler: Firefox only shows the prompt while the user gesture lasts.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/permissions/request
 */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins });
}

export function hasOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.contains({ origins });
}

/** Calls cb whenever host access is granted or taken away (from our pages or the browser's own settings). */
export function onAccessChanged(cb: () => void): () => void {
  const listener = () => cb();
  browser.permissions.onAdded.addListener(listener);
  browser.permissions.onRemoved.addListener(listener);
  return () => {
    browser.permissions.onAdded.removeListener(listener);
    browser.permissions.onRemoved.removeListener(listener);
  };
}
