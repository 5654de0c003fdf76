/** The worker's dependencies in the extension: the platform adapters and the real clock. */
import * as cookies from '../platform/cookies';
import { serve } from '../platform/messaging';
import { hasOrigins, onAccessChanged } from '../platform/permissions';
import { onInstalled, onStartup } from '../platform/runtime';
import * as storage from '../platform/storage';
import type { WorkerDeps } from './worker';

export function browserDeps(): WorkerDeps {
  return {
    now: () => Date.now(),
    warn: (message) => console.warn(message),
    readSettings: storage.readSettings,
    updateSettings: storage.updateSettings,
    onSettingsChanged: storage.onSettingsChanged,
    readRecords: storage.readRecords,
    readRecord: storage.readRecord,
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
  };
}
