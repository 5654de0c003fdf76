/**
 * System notifications, kept to what Chromium and Firefox both show: a
 * basic notification with a title and a message, no buttons (Firefox has
 * none) and nothing Chrome-only such as requireInteraction.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/notifications/create
 */
import browser from 'webextension-polyfill';

export interface NotificationContent {
  title: string;
  message: string;
}

/** Shows a notification; one with the same id is replaced rather than stacked. */
export async function showNotification(id: string, content: NotificationContent): Promise<void> {
  await browser.notifications.create(id, {
    type: 'basic',
    // Chromium refuses a basic notification without an icon.
    iconUrl: browser.runtime.getURL('icons/icon-128.png'),
    title: content.title,
    message: content.message,
  });
}

export async function clearNotification(id: string): Promise<void> {
  await browser.notifications.clear(id);
}

/** Listen at the worker's top level: a click on a notification can wake a stopped worker. */
export function onNotificationClicked(cb: (id: string) => void): () => void {
  const listener = (id: string) => cb(id);
  browser.notifications.onClicked.addListener(listener);
  return () => browser.notifications.onClicked.removeListener(listener);
}
