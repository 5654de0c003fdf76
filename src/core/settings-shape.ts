/**
 * The one declaration of the settings (storage.sync under `settings`), of
 * each watched domain in them, and of the settings file a user exports and
 * imports. The types, the checks validateSettings and importSettings make,
 * and the stripper every write makes come from these schemas; the texts of
 * what a read repaired live in settings.ts, in tables keyed by these
 * shapes' fields. See record-shape.ts for how to add a field.
 */
import * as v from 'valibot';
import { declaredFields } from './stored-repair';

export const SCHEMA_VERSION = 1;
export const LEAD_MINUTES_MIN = 1;
export const LEAD_MINUTES_MAX = 1440;
/** A server-side idle timeout: from a minute to a week. */
export const IDLE_MINUTES_MAX = 10_080;
/** Marks per domain, and the longest cookie name kept, so settings stay within storage.sync's 8 KB per item. */
export const MARKS_MAX = 20;
export const MARK_NAME_MAX = 128;

/** A site's own login page path for the check's signed-out rule, like "/accounts/login/". */
export const LOGIN_PATH_MAX = 200;
/** How long the computer may sit idle before keep-alive stops (the idle API's threshold), minutes. */
export const KEEP_ALIVE_IDLE_MINUTES_MAX = 120;
/** The hard cap of keep-alive since the last real activity on a site, minutes: at most 12 hours. */
export const KEEP_ALIVE_CAP_MINUTES_MAX = 720;
/** A check URL is a URL on the site; longer ones are no real API's. */
export const CHECK_URL_MAX = 2_000;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** isStoredDomain("app.example.com") -> true; isStoredDomain("Example.com") -> false (stored names are normalised) */
export function isStoredDomain(value: unknown): value is string {
  return typeof value === 'string' && (HOSTNAME.test(value) || IPV6.test(value));
}

const StoredDomain = v.custom<string>(isStoredDomain);
const wholeFrom = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const LeadMinutes = wholeFrom(LEAD_MINUTES_MIN, LEAD_MINUTES_MAX);

/** A mark worth keeping: a cookie name of 1 to MARK_NAME_MAX characters, marked true or false. */
export const MarkShape = { name: v.pipe(v.string(), v.minLength(1), v.maxLength(MARK_NAME_MAX)), mark: v.boolean() };

/** One watched domain and its own warning preferences (null lead = use the global one). */
export const WatchedDomainShape = v.object({
  /** Normalised host name or IP literal: "app.example.com", "127.0.0.1", "[::1]". */
  domain: StoredDomain,
  /**
   * Its registrable domain ("example.com"), or the domain itself for an IP,
   * localhost or a name without a public suffix. Parent-domain cookies are
   * watched down to here and no further; kept so the popup can ask for
   * access without shipping the Public Suffix List.
   */
  site: StoredDomain,
  leadMinutes: v.nullable(LeadMinutes),
  warnings: v.boolean(),
  /**
   * The site's own server-side idle timeout, when the user knows it ends
   * sessions before the cookie does; counted from the last refresh seen.
   */
  idleMinutes: v.optional(v.nullable(wholeFrom(1, IDLE_MINUTES_MAX))),
  /**
   * A URL on the site that answers 2xx while signed in and 401, 403, 440 or a
   * redirect to a login page once not (see check-url.ts for what is accepted).
   * Only the checks and keep-alives the user turns on ever request it.
   */
  checkUrl: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(CHECK_URL_MAX))),
  /** The site's login page path, when it is not one looksLikeLogin knows ("/welcome"). */
  loginPath: v.optional(v.pipe(v.string(), v.startsWith('/'), v.maxLength(LOGIN_PATH_MAX))),
  /** Keep the site's sliding session alive with the check URL while the user is at the computer. */
  keepAlive: v.optional(v.boolean()),
  /** Cookie names the user marked as the session (true) or as not a session (false); at most MARKS_MAX. */
  marks: v.optional(
    v.pipe(
      v.record(MarkShape.name, MarkShape.mark),
      v.check((m) => Object.keys(m).length <= MARKS_MAX),
    ),
  ),
});

export type WatchedDomain = v.InferOutput<typeof WatchedDomainShape>;

/** The settings in storage.sync under `settings`. */
export const SettingsShape = v.object({
  schemaVersion: v.custom<number>((x) => x === SCHEMA_VERSION),
  domains: v.array(WatchedDomainShape),
  /** Warn this many minutes before a session ends. */
  leadMinutes: LeadMinutes,
  /** Also say when a watched session has ended. */
  notifyEnded: v.boolean(),
  /** The popup lists every watched cookie, not just the sessions. */
  showAllCookies: v.boolean(),
  /** Keep-alive stops once the computer has been idle this long (minutes), and at once when it is locked. */
  keepAliveIdleMinutes: wholeFrom(1, KEEP_ALIVE_IDLE_MINUTES_MAX),
  /** Keep-alive stops this long (minutes) after the last real activity on the site. */
  keepAliveCapMinutes: wholeFrom(1, KEEP_ALIVE_CAP_MINUTES_MAX),
});

export type Settings = v.InferOutput<typeof SettingsShape>;

/**
 * Exactly the declared fields of the settings and of each watched domain:
 * strippedSettings({...s, extra: 1}) -> s
 */
export function strippedSettings(s: Settings): Settings {
  return { ...declaredFields(SettingsShape, s), domains: s.domains.map((d) => declaredFields(WatchedDomainShape, d)) };
}

export const EXPORT_FORMAT = 'session-watch-settings';
export const EXPORT_VERSION = 1;

/**
 * A settings file as importSettings accepts it before it looks at the
 * settings themselves (validateSettings does, field by field).
 */
export const SettingsFileShape = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** When it was written (ISO 8601); informative only, so never checked. */
  exportedAt: v.optional(v.unknown()),
  settings: v.custom<object>((x) => typeof x === 'object' && x !== null),
});

export type SettingsFile = v.InferOutput<typeof SettingsFileShape>;
