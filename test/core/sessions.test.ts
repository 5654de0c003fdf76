import { describe, expect, it } from 'vitest';
import { isSessionCookie, sessionFramework } from '../../src/core/sessions';

describe('sessionFramework', () => {
  it.each([
    ['sessionid', 'Django'],
    ['PHPSESSID', 'PHP'],
    ['JSESSIONID', 'Java'],
    ['connect.sid', 'Express'],
    ['ASP.NET_SessionId', 'ASP.NET'],
    ['.AspNetCore.Session', 'ASP.NET Core'],
    ['.ASPXAUTH', 'ASP.NET'],
    ['_myapp_session', 'Rails'],
    ['_gitlab_session', 'GitLab'],
    ['laravel_session', 'Laravel'],
    ['session', 'Flask'],
    ['SESSION', 'Spring'],
    ['authjs.session-token', 'Auth.js'],
    ['__Secure-authjs.session-token', 'Auth.js'],
    ['__Secure-next-auth.session-token', 'NextAuth.js'],
    ['next-auth.session-token.0', 'Auth.js'],
    ['KEYCLOAK_SESSION', 'Keycloak'],
    ['__Host-sessionid', 'Django'],
    ['SSESS0123456789abcdef0123456789abcdef', 'Drupal'],
  ])('%s -> %s', (name, framework) => {
    expect(sessionFramework(name)).toBe(framework);
  });

  it.each(['csrftoken', 'theme', '_ga', 'constructor', '__proto__', 'toString', 'Sessionid', ''])(
    '%s is not a known session name',
    (name) => {
      expect(sessionFramework(name)).toBeNull();
    },
  );
});

describe('isSessionCookie', () => {
  it.each([
    [{ name: 'sessionid', httpOnly: false }, {}, true],
    [{ name: 'my_app_auth', httpOnly: true }, {}, true],
    [{ name: 'my_app_auth', httpOnly: false }, {}, false],
    [{ name: 'access_token', httpOnly: true }, {}, true],
    [{ name: 'theme', httpOnly: true }, {}, false],
    [{ name: 'csrftoken', httpOnly: false }, {}, false],
    [{ name: 'u', httpOnly: false }, { loggedOut: true }, true],
  ])('%j with %j -> %s', (record, evidence, expected) => {
    expect(isSessionCookie(record, evidence)).toBe(expected);
  });
});
