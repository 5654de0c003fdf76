/**
 * The idle timeout a framework's server applies when nobody configured one.
 * A default is only ever shown as "typical", never as what a site does: the
 * site may have changed it, and PHP's garbage collection is probabilistic
 * (a session may outlive gc_maxlifetime until a collection runs). README.md
 * lists the same sources under "Server idle timeouts".
 */

export interface ServerDefault {
  /** The framework's name as the popup shows it: "PHP". */
  framework: string;
  /** Its idle timeout out of the box, ms. */
  idleMs: number;
}

const MINUTE = 60_000;

/**
 * By cookie name (after any __Secure- / __Host- prefix). Only frameworks that
 * keep the session on the server and end it after idleness: a cookie that
 * holds the whole session (Django's signed cookies, Rails, Flask, Express's
 * cookie-session) or a store without a timeout (express-session's
 * MemoryStore) has no server-side idle default to offer. Where each is
 * documented, and the setting that changes it: server-default-sources.ts.
 */
const DEFAULTS: Readonly<Record<string, ServerDefault>> = {
  PHPSESSID: { framework: 'PHP', idleMs: 1440 * 1000 },
  JSESSIONID: { framework: 'Java', idleMs: 30 * MINUTE },
  SESSION: { framework: 'Spring', idleMs: 30 * MINUTE },
  'ASP.NET_SessionId': { framework: 'ASP.NET', idleMs: 20 * MINUTE },
  '.AspNetCore.Session': { framework: 'ASP.NET Core', idleMs: 20 * MINUTE },
  KEYCLOAK_SESSION: { framework: 'Keycloak', idleMs: 30 * MINUTE },
};

/** serverDefaultFor("PHPSESSID") -> {framework: 'PHP', idleMs: 1_440_000}; ("sessionid") -> null */
export function serverDefaultFor(cookieName: string): ServerDefault | null {
  const bare = cookieName.replace(/^__(Secure|Host)-/, '');
  return Object.prototype.hasOwnProperty.call(DEFAULTS, bare) ? (DEFAULTS[bare] ?? null) : null;
}

/** Every default, by cookie name. */
export function serverDefaults(): readonly [string, ServerDefault][] {
  return Object.entries(DEFAULTS);
}
