/** The worker's dependencies in the extension: the platform adapters and the real clock. */
import * as alarms from '../platform/alarms';
import { setTabBadge } from '../platform/badge';
import * as cookies from '../platform/cookies';
import * as history from '../platform/history-store';
import { t, uiLocale } from '../platform/i18n';
import { serve } from '../platform/messaging';
import * as notifications from '../platform/notifications';
import { hasOrigins, onAccessChanged } from '../platform/permissions';
import { addRepairs, repairRepairsLog } from '../platform/repairs-log';
import { onInstalled, onStartup } from '../platform/runtime';
import * as records from '../platform/records-store';
import * as settingsStore from '../platform/settings-store';
import * as storeNames from '../platform/store-names';
import * as tabs from '../platform/tabs';
import { readWarnings, repairWarnings, writeWarnings } from '../platform/warnings-log';
import type { WorkerDeps } from './worker';

const storage = { ...records, ...settingsStore };

export function browserDeps(): WorkerDeps {
  return {
    now: () => Date.now(),
    warn: (message) => console.warn(message),
    readSettings: storage.readSettings,
    updateSettings: storage.updateSettings,
    onSettingsChanged: storage.onSettingsChanged,
    readRecords: storage.readRecords,
    readRecord: storage.readRecord,
    readRecordsOf: storage.readRecordsOf,
    writeRecords: storage.writeRecords,
    removeRecords: storage.removeRecords,
    hasOrigins,
    onAccessChanged,
    cookieStoreIds: cookies.cookieStoreIds,
    cookiesOfSite: cookies.cookiesOfSite,
    onCookieChanged: cookies.onCookieChanged,
    onInstalled,
    onStartup,
    serve,
    t,
    locale: uiLocale,
    readWarnings,
    writeWarnings,
    scheduledAlarms: alarms.scheduledAlarms,
    setAlarm: alarms.setAlarm,
    clearAlarm: alarms.clearAlarm,
    onAlarm: alarms.onAlarm,
    showNotification: notifications.showNotification,
    clearNotification: notifications.clearNotification,
    onNotificationClicked: notifications.onNotificationClicked,
    visibleTabs: tabs.visibleTabs,
    tabPage: tabs.tabPage,
    focusTab: tabs.focusTab,
    openTab: tabs.openTab,
    onTabNavigated: tabs.onTabNavigated,
    onTabActivated: tabs.onTabActivated,
    setTabBadge,
    appendHistoryEvents: history.appendHistoryEvents,
    trimHistory: () => history.trimHistory(),
    containerNames: storeNames.containerNames,
    onContainersChanged: storeNames.onContainersChanged,
    readStoreNames: storeNames.readStoreNames,
    writeStoreNames: storeNames.writeStoreNames,
    repairSettings: storage.repairSettings,
    repairRecords: storage.repairRecords,
    repairHistory: history.repairHistory,
    repairWarnings,
    repairStoreNames: storeNames.repairStoreNames,
    repairRepairsLog,
    addRepairs,
  };
}
