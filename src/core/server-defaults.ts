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
  /** The setting that changes it, for the options' explanation. */
  setting: string;
  /** Where the default is documented. */
  source: string;
}

const MINUTE = 60_000;

/**
 * By cookie name (after any __Secure- / __Host- prefix). Only frameworks that
 * keep the session on the server and end it after idleness: a cookie that
 * holds the whole session (Django's signed cookies, Rails, Flask, Express's
 * cookie-session) or a store without a timeout (express-session's
 * MemoryStore) has no server-side idle default to offer.
 */
const DEFAULTS: Readonly<Record<string, ServerDefault>> = {
  PHPSESSID: {
    framework: 'PHP',
    idleMs: 1440 * 1000,
    setting: 'session.gc_maxlifetime',
    source: 'https://www.php.net/manual/en/session.configuration.php#ini.session.gc-maxlifetime',
  },
  JSESSIONID: {
    framework: 'Java',
    idleMs: 30 * MINUTE,
    setting: '<session-timeout> in web.xml (Tomcat: maxInactiveInterval)',
    source: 'https://tomcat.apache.org/tomcat-10.1-doc/config/manager.html',
  },
  SESSION: {
    framework: 'Spring',
    idleMs: 30 * MINUTE,
    setting: 'server.servlet.session.timeout',
    source:
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.servlet.session.timeout',
  },
  'ASP.NET_SessionId': {
    framework: 'ASP.NET',
    idleMs: 20 * MINUTE,
    setting: '<sessionState timeout> in web.config',
    source: 'https://learn.microsoft.com/en-us/dotnet/api/system.web.configuration.sessionstatesection.timeout',
  },
  '.AspNetCore.Session': {
    framework: 'ASP.NET Core',
    idleMs: 20 * MINUTE,
    setting: 'SessionOptions.IdleTimeout',
    source: 'https://learn.microsoft.com/en-us/aspnet/core/fundamentals/app-state#session-options',
  },
  KEYCLOAK_SESSION: {
    framework: 'Keycloak',
    idleMs: 30 * MINUTE,
    setting: 'SSO Session Idle',
    source: 'https://www.keycloak.org/docs/latest/server_admin/#_timeouts',
  },
};

/** serverDefaultFor("PHPSESSID") -> {framework: 'PHP', idleMs: 1_440_000, ...}; ("sessionid") -> null */
export function serverDefaultFor(cookieName: string): ServerDefault | null {
  const bare = cookieName.replace(/^__(Secure|Host)-/, '');
  return Object.prototype.hasOwnProperty.call(DEFAULTS, bare) ? (DEFAULTS[bare] ?? null) : null;
}

/** Every default, for the README's table and its test. */
export function serverDefaults(): readonly [string, ServerDefault][] {
  return Object.entries(DEFAULTS);
}
