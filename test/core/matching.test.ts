import { describe, expect, it } from 'vitest';
import { buildWatchIndex, cookieHost, cookieMatches, hostIsWatched, siteFor } from '../../src/core/matching';
import { originsFor } from '../../src/core/origins';

const w = (domain: string, site = domain) => ({ domain, site, leadMinutes: null, warnings: true });
const hostOnly = (domain: string) => ({ domain, hostOnly: true });
const domainCookie = (domain: string) => ({ domain: `.${domain}`, hostOnly: false });

describe('cookieMatches follows RFC 6265 domain-match', () => {
  it.each([
    ['host-only cookie of the domain', hostOnly('example.com'), w('example.com'), true],
    ['domain cookie of the domain', domainCookie('example.com'), w('example.com'), true],
    ['host-only cookie of a subdomain', hostOnly('app.example.com'), w('example.com'), true],
    ['domain cookie of a deep subdomain', domainCookie('a.b.example.com'), w('example.com'), true],
    ['a look-alike suffix', hostOnly('badexample.com'), w('example.com'), false],
    ['another site', hostOnly('example.org'), w('example.com'), false],
    ['parent-domain cookie sent to the watched subdomain', domainCookie('example.com'), w('app.example.com', 'example.com'), true],
    ['parent host-only cookie is not sent to the subdomain', hostOnly('example.com'), w('app.example.com', 'example.com'), false],
    ['a sibling subdomain', hostOnly('www.example.com'), w('app.example.com', 'example.com'), false],
    ['nothing above the registrable site', domainCookie('co.uk'), w('app.example.co.uk', 'example.co.uk'), false],
    ['mixed case from the store', { domain: '.Example.COM', hostOnly: false }, w('example.com'), true],
    ['IPv4 exact', hostOnly('127.0.0.1'), w('127.0.0.1'), true],
    ['no subdomains of an IP', hostOnly('1.127.0.0.1'), w('127.0.0.1'), false],
    ['IPv6 with brackets in the store', hostOnly('[::1]'), w('[::1]'), true],
    ['IPv6 without brackets in the store', hostOnly('::1'), w('[::1]'), true],
    ['localhost', hostOnly('localhost'), w('localhost'), true],
  ])('%s', (_name, cookie, watched, expected) => {
    expect(cookieMatches(cookie, watched)).toBe(expected);
    expect(buildWatchIndex([watched]).covers(cookie)).toBe(expected);
  });

  it('the index agrees with cookieMatches over many watched domains', () => {
    const watched = [w('example.com'), w('app.other.test', 'other.test'), w('127.0.0.1'), w('deep.a.b.site.org', 'site.org')];
    const index = buildWatchIndex(watched);
    const cookies = [
      hostOnly('x.example.com'),
      domainCookie('other.test'),
      hostOnly('other.test'),
      domainCookie('b.site.org'),
      domainCookie('site.org'),
      domainCookie('org'),
      hostOnly('127.0.0.1'),
      hostOnly('unrelated.net'),
      domainCookie('app.other.test'),
      domainCookie('sub.app.other.test'),
      hostOnly('a.b.site.org'),
    ];
    for (const c of cookies) {
      expect(index.covers(c), c.domain).toBe(watched.some((x) => cookieMatches(c, x)));
    }
  });
});

describe('cookieHost', () => {
  it.each([
    ['.Example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['[::1]', '::1'],
  ])('%s -> %s', (a, b) => {
    expect(cookieHost(a)).toBe(b);
  });
});

describe('siteFor and hostIsWatched', () => {
  const watched = [w('example.com'), w('app.example.com', 'example.com')];
  it('lists a cookie under the most specific watched domain that holds it', () => {
    expect(siteFor(hostOnly('x.app.example.com'), watched)?.domain).toBe('app.example.com');
    expect(siteFor(domainCookie('example.com'), watched)?.domain).toBe('example.com');
    expect(siteFor(domainCookie('example.com'), [w('app.example.com', 'example.com')])?.domain).toBe('app.example.com');
    expect(siteFor(hostOnly('example.org'), watched)).toBeUndefined();
  });
  it('finds the watched domain of a page host', () => {
    expect(hostIsWatched('shop.example.com', watched)?.domain).toBe('example.com');
    expect(hostIsWatched('app.example.com', watched)?.domain).toBe('app.example.com');
    expect(hostIsWatched('example.org', watched)).toBeUndefined();
    expect(hostIsWatched('127.0.0.1', [w('127.0.0.1')])?.domain).toBe('127.0.0.1');
  });
});

describe('originsFor', () => {
  it.each([
    [w('example.com'), ['*://example.com/*', '*://*.example.com/*']],
    [w('app.example.com', 'example.com'), ['*://app.example.com/*', '*://*.app.example.com/*', '*://example.com/*']],
    [
      w('a.b.example.co.uk', 'example.co.uk'),
      ['*://a.b.example.co.uk/*', '*://*.a.b.example.co.uk/*', '*://b.example.co.uk/*', '*://example.co.uk/*'],
    ],
    [w('127.0.0.1'), ['*://127.0.0.1/*']],
    [w('[::1]'), ['*://[::1]/*']],
    [w('localhost'), ['*://localhost/*', '*://*.localhost/*']],
  ])('%j', (watched, expected) => {
    expect(originsFor(watched)).toEqual(expected);
  });
});
