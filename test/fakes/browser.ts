/**
 * The in-memory browser that `webextension-polyfill` resolves to in unit,
 * worker and component tests (see vitest.config.ts). Tests drive it through
 * the `fake*` controls and start each case from `resetBrowser()`.
 */
import { action, fakeAction, resetAction } from './action';
import { alarms, fakeAlarms, resetAlarms } from './alarms';
import { type BrowserMode, browserMode, DEFAULT_NOW, fakeClock, resetClockAndMode } from './clock';
import { contextualIdentities, fakeContainers, resetContextualIdentities } from './contextual-identities';
import { cookies, fakeCookies, resetCookies } from './cookies';
import { i18n } from './i18n';
import { fakeIdle, idle, resetIdle } from './idle';
import { notifications, fakeNotifications, resetNotifications } from './notifications';
import { apiGranted, fakePermissions, permissions, resetPermissions } from './permissions';
import { fakeRuntime, resetRuntime, runtime } from './runtime';
import { resetStorage, storage } from './storage';
import { fakeTabs, resetTabs, tabs, windows } from './tabs';
import { fakeWebRequest, resetWebRequest, webRequest } from './web-request';

const browser = {
  i18n,
  storage,
  cookies,
  permissions,
  runtime,
  tabs,
  windows,
  alarms,
  notifications,
  action,
  webRequest,
  /** Only once the optional "idle" permission is granted: without it neither browser has the namespace. */
  get idle(): typeof idle | undefined {
    return apiGranted('idle') ? idle : undefined;
  },
  /** Firefox only: Chromium has no containers and no such namespace. */
  get contextualIdentities(): typeof contextualIdentities | undefined {
    return browserMode() === 'firefox' ? contextualIdentities : undefined;
  },
};

export default browser;

export {
  fakeAction,
  fakeAlarms,
  fakeClock,
  fakeContainers,
  fakeCookies,
  fakeIdle,
  fakeNotifications,
  fakePermissions,
  fakeRuntime,
  fakeTabs,
  fakeWebRequest,
};
export type { BrowserMode };

/**
 * A freshly installed extension in a fresh browser: empty storage and cookie
 * jar (one default store), no host access, no listeners, the clock at
 * 2026-01-01T00:00:00Z, behaving like Chromium unless `mode` says Firefox.
 */
export function resetBrowser(options: { mode?: BrowserMode; now?: number } = {}): void {
  resetClockAndMode(options.mode ?? 'chromium', options.now ?? DEFAULT_NOW);
  resetStorage();
  resetCookies();
  resetContextualIdentities();
  resetPermissions();
  resetIdle();
  resetRuntime();
  resetTabs();
  resetAlarms();
  resetNotifications();
  resetAction();
  resetWebRequest();
}

/**
 * The worker is stopped: every listener it registered is gone, but storage,
 * cookies and access stay. Start the worker again to model a restart.
 */
export function dropListeners(): void {
  for (const area of [storage.local, storage.sync, storage.session]) area.onChanged.clear();
  for (const event of [
    storage.onChanged,
    cookies.onChanged,
    permissions.onAdded,
    permissions.onRemoved,
    runtime.onMessage,
    runtime.onInstalled,
    runtime.onStartup,
    tabs.onActivated,
    tabs.onUpdated,
    alarms.onAlarm,
    notifications.onClicked,
    notifications.onClosed,
    notifications.onButtonClicked,
    contextualIdentities.onCreated,
    contextualIdentities.onUpdated,
    contextualIdentities.onRemoved,
    idle.onStateChanged,
  ]) {
    event.clear();
  }
  resetWebRequest();
}

resetBrowser();
