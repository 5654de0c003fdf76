/**
 * Where each framework's default idle timeout (server-defaults.ts) is
 * documented, and the setting that changes it: what README.md's "Server idle
 * timeouts" table cites, checked against it by a test. Kept apart from the
 * defaults so the popup, which counts with them, does not ship the citations.
 */

export interface ServerDefaultSource {
  /** The setting that changes it. */
  setting: string;
  /** Where the default is documented. */
  source: string;
}

export const SERVER_DEFAULT_SOURCES: Readonly<Record<string, ServerDefaultSource>> = {
  PHPSESSID: {
    setting: 'session.gc_maxlifetime',
    source: 'https://www.php.net/manual/en/session.configuration.php#ini.session.gc-maxlifetime',
  },
  JSESSIONID: {
    setting: '<session-timeout> in web.xml (Tomcat: maxInactiveInterval)',
    source: 'https://tomcat.apache.org/tomcat-10.1-doc/config/manager.html',
  },
  SESSION: {
    setting: 'server.servlet.session.timeout',
    source:
      'https://docs.spring.io/spring-boot/appendix/application-properties/index.html#application-properties.server.server.servlet.session.timeout',
  },
  'ASP.NET_SessionId': {
    setting: '<sessionState timeout> in web.config',
    source: 'https://learn.microsoft.com/en-us/dotnet/api/system.web.configuration.sessionstatesection.timeout',
  },
  '.AspNetCore.Session': {
    setting: 'SessionOptions.IdleTimeout',
    source: 'https://learn.microsoft.com/en-us/aspnet/core/fundamentals/app-state#session-options',
  },
  KEYCLOAK_SESSION: {
    setting: 'SSO Session Idle',
    source: 'https://www.keycloak.org/docs/latest/server_admin/#_timeouts',
  },
};
