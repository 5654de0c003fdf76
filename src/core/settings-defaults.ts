/** One watched domain and its own warning preferences (null lead = use the global one). */
export interface WatchedDomain {
  /** Normalised host name or IP literal: "app.example.com", "127.0.0.1", "[::1]". */
  domain: string;
  /**
   * Its registrable domain ("example.com"), or the domain itself for an IP,
   * localhost or a name without a public suffix. Parent-domain cookies are
   * watched down to here and no further; kept so the popup can ask for
   * access without shipping the Public Suffix List.
   */
  site: string;
  leadMinutes: number | null;
  warnings: boolean;
  /**
   * The site's own server-side idle timeout, when the user knows it ends
   * sessions before the cookie does; counted from the last refresh seen.
   */
  idleMinutes?: number | null;
  /** Cookie names the user marked as the session (true) or as not a session (false). */
  marks?: Record<string, boolean>;
}

/** The settings in storage.sync under `settings`; the type is derived from these defaults. */
export const DEFAULTS = {
  schemaVersion: 1,
  domains: [] as WatchedDomain[],
  /** Warn this many minutes before a session ends; a whole number from 1 to 1440. */
  leadMinutes: 2,
  /** Also say when a watched session has ended. */
  notifyEnded: true,
  /** The popup lists every watched cookie, not just the sessions. */
  showAllCookies: false,
};

export type Settings = typeof DEFAULTS;

export const SCHEMA_VERSION = DEFAULTS.schemaVersion;
export const LEAD_MINUTES_MIN = 1;
export const LEAD_MINUTES_MAX = 1440;
/** A server-side idle timeout: from a minute to a week. */
export const IDLE_MINUTES_MAX = 10_080;
/** Marks per domain, and the longest cookie name kept, so settings stay within storage.sync's 8 KB per item. */
export const MARKS_MAX = 20;
export const MARK_NAME_MAX = 128;

/** Storage keys: settings in storage.sync; one record per watched cookie in storage.local. */
export const SETTINGS_KEY = 'settings';
export const COOKIE_KEY_PREFIX = 'cookie:';
