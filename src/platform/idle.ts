/**
 * Whether the user is at the computer, through the idle API, asked for as an
 * optional permission when the user turns keep-alive on: without it the
 * browser never wakes the worker for the user's comings and goings.
 * https://developer.chrome.com/docs/extensions/reference/api/idle
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/idle
 */
import browser from 'webextension-polyfill';
import type { SystemState } from '../core/keep-alive';

export const IDLE_PERMISSION = 'idle';

/** The idle API exists only once its permission is granted. */
function idleApi(): typeof browser.idle | undefined {
  return (browser as Partial<typeof browser>).idle;
}

/** Asks for the idle permission; call it first in a click handler (the prompt needs the user's gesture). */
export function requestIdlePermission(): Promise<boolean> {
  return browser.permissions.request({ permissions: [IDLE_PERMISSION] });
}

export function hasIdlePermission(): Promise<boolean> {
  return browser.permissions.contains({ permissions: [IDLE_PERMISSION] });
}

/**
 * The computer's state for an idle threshold in minutes; null without the
 * permission. The API takes seconds, at least 15.
 */
export async function systemState(idleMinutes: number): Promise<SystemState | null> {
  const api = idleApi();
  if (!api) return null;
  return api.queryState(Math.max(15, idleMinutes * 60));
}

/**
 * Calls cb when the user goes idle, locks the screen or comes back; null
 * without the permission (call again once it is granted).
 */
export function onSystemStateChanged(cb: (state: SystemState) => void): (() => void) | null {
  const api = idleApi();
  if (!api) return null;
  api.onStateChanged.addListener(cb);
  return () => api.onStateChanged.removeListener(cb);
}

/** How long without input counts as idle for onSystemStateChanged, in minutes (the API takes seconds, at least 15). */
export function setIdleThreshold(idleMinutes: number): void {
  idleApi()?.setDetectionInterval(Math.max(15, idleMinutes * 60));
}
