import browser from 'webextension-polyfill';

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Install, update, or a browser update: listen synchronously at the worker's top level. */
export function onInstalled(cb: () => void): () => void {
  const listener = () => cb();
  browser.runtime.onInstalled.addListener(listener);
  return () => browser.runtime.onInstalled.removeListener(listener);
}

/** The browser started with this extension enabled (a profile start, not a worker wake-up). */
export function onStartup(cb: () => void): () => void {
  const listener = () => cb();
  browser.runtime.onStartup.addListener(listener);
  return () => browser.runtime.onStartup.removeListener(listener);
}
