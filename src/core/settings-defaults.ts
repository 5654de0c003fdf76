/**
 * The settings a new install starts with, and the storage keys. The shape
 * of the settings is declared once, in settings-shape.ts.
 */
import type { Settings } from './settings-shape';

export type { Settings, WatchedDomain } from './settings-shape';
export {
  CHECK_URL_MAX,
  IDLE_MINUTES_MAX,
  KEEP_ALIVE_CAP_MINUTES_MAX,
  KEEP_ALIVE_IDLE_MINUTES_MAX,
  LOGIN_PATH_MAX,
  LEAD_MINUTES_MAX,
  LEAD_MINUTES_MIN,
  MARK_NAME_MAX,
  MARKS_MAX,
  SCHEMA_VERSION,
} from './settings-shape';

/** The settings in storage.sync under `settings` before the user changes any. */
export const DEFAULTS: Settings = {
  schemaVersion: 1,
  domains: [],
  /** Warn this many minutes before a session ends; a whole number from 1 to 1440. */
  leadMinutes: 2,
  /** Also say when a watched session has ended. */
  notifyEnded: true,
  /** The popup lists every watched cookie, not just the sessions. */
  showAllCookies: false,
  /** Keep-alive stops after 10 minutes away from the computer. */
  keepAliveIdleMinutes: 10,
  /** Keep-alive stops 4 hours after the last real activity on a site. */
  keepAliveCapMinutes: 240,
};

/** Storage keys: settings in storage.sync; one record per watched cookie in storage.local. */
export const SETTINGS_KEY = 'settings';
export const COOKIE_KEY_PREFIX = 'cookie:';
