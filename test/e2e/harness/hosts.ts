/**
 * Host names the fixture server answers for. Chromium maps the wildcards to
 * 127.0.0.1 itself; Firefox's `network.dns.localDomains` takes exact names
 * only, so every name a test visits is listed here.
 */
export const HOSTS = {
  site: 'example.test',
  app: 'app.example.test',
  access: 'access.example.test',
  countdown: 'countdown.example.test',
  short: 'short.example.test',
  sliding: 'sliding.example.test',
  rolling: 'rolling.example.test',
  untilClose: 'until-close.example.test',
  php: 'php.example.test',
  jwt: 'jwt.example.test',
  logout: 'logout.example.test',
  hostile: 'hostile.example.test',
  restart: 'restart.example.test',
  remove: 'remove.example.test',
  keep: 'keep.example.test',
  warn: 'warn.example.test',
  warnAsleep: 'asleep.example.test',
  warnLogout: 'signed-out.example.test',
  unwatched: 'unwatched.example.test',
  // sessions.e2e.ts
  slide: 'slide.example.test',
  fixed: 'fixed.example.test',
  roll: 'roll.example.test',
  token: 'token.example.test',
  story: 'story.example.test',
  prefs: 'prefs.example.test',
  idle: 'idle.example.test',
  // a11y.e2e.ts (and the README screenshots)
  mail: 'mail.example.test',
  shop: 'shop.example.test',
  bank: 'bank.example.test',
  docs: 'docs.example.test',
  wiki: 'wiki.other.test',
  // hardening.e2e.ts
  evil: 'evil.example.test',
  burst: 'burst.example.test',
  flood: 'flood.example.test',
  flood2: 'flood2.example.test',
  revoke: 'revoke.other.test',
  other: 'other.test',
  // server-truth.e2e.ts
  srvApi: 'srv-api.example.test',
  srvRedirect: 'srv-redirect.example.test',
  srvIdle: 'srv-unwatched.example.test',
  srvPhp: 'srv-php.example.test',
  srvSliding: 'srv-sliding.example.test',
  // fake-parity.e2e.ts
  parity: 'parity.example.test',
  // long-table.e2e.ts
  many: 'many.example.test',
  otherApp: 'app.other.test',
} as const;

export const TEST_DOMAINS = ['example.test', 'other.test'] as const;

/** A domain outside the test hosts: the test build has no access to it, and nothing answers for it. */
export const NO_ACCESS_DOMAIN = 'news.example.org';

/** For Chromium's --host-resolver-rules. */
export function chromiumResolverRules(): string {
  return TEST_DOMAINS.flatMap((d) => [`MAP *.${d} 127.0.0.1`, `MAP ${d} 127.0.0.1`]).join(', ');
}

/** Hosts that must reach the fixture server directly, never the proxy sink. */
export function proxyBypass(): string[] {
  return ['127.0.0.1', 'localhost', ...TEST_DOMAINS.flatMap((d) => [d, `.${d}`])];
}
