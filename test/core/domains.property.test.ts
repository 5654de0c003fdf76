/**
 * Generated hostile input for domain entry and matching. Each property runs
 * 10,000 cases from a fixed seed; a failure prints the seed and the path to
 * replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../src/core/domains';
import { buildWatchIndex, cookieMatches, hostIsWatched } from '../../src/core/matching';
import { originsFor } from '../../src/core/origins';
import { isStoredDomain } from '../../src/core/settings';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);
const params = { numRuns: 10_000, seed: SEED, verbose: 1 as const };

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
const unicodeLabel = fc.oneof(label, fc.constantFrom('bücher', 'münchen', 'пример', '例え', 'ｅｘａｍｐｌｅ', 'ǅemo', 'xn--bcher-kva'));
const tld = fc.constantFrom('com', 'org', 'co.uk', 'test', 'io', 'de', 'example');
const hostname = fc.tuple(fc.array(unicodeLabel, { minLength: 1, maxLength: 4 }), tld).map(([ls, t]) => `${ls.join('.')}.${t}`);
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
const ipv6 = fc.ipV6();
/** What people type or paste: URLs, wildcards, case, dots, spaces, ports, credentials. */
const typed = fc
  .tuple(
    fc.oneof(
      hostname,
      ipv4,
      ipv6.map((a) => `[${a}]`),
      fc.constant('localhost'),
    ),
    fc.constantFrom('', 'https://', 'http://user:pw@', 'HTTP://'),
    fc.constantFrom('', '*.', '.'),
    fc.constantFrom('', '.', ':8080', '/path?q=1#x', ':443/'),
    fc.boolean(),
    fc.constantFrom('', ' ', '  \t'),
  )
  .map(([host, scheme, wild, tail, upper, pad]) => {
    const h = upper ? host.toUpperCase() : host;
    return `${pad}${scheme}${scheme ? '' : wild}${h}${tail}${pad}`;
  });
const anything = fc.oneof(
  typed,
  fc.string({ maxLength: 300 }),
  fc.string({ maxLength: 80, unit: 'binary' }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
);

describe('normalizeDomain over generated input', () => {
  it('never throws, and answers ok or a coded error', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = normalizeDomain(input, []);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.error.code).toBe('string');
      }),
      params,
    );
  });

  it('is idempotent: a normalised domain normalises to itself, with the same site', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const first = normalizeDomain(input, []);
        if (!first.ok) return;
        expect(normalizeDomain(first.domain, [])).toEqual(first);
      }),
      params,
    );
  });

  it('accepts only what it can store, match and ask access for', () => {
    fc.assert(
      fc.property(anything, (input) => {
        const result = normalizeDomain(input, []);
        if (!result.ok) return;
        expect(isStoredDomain(result.domain)).toBe(true);
        expect(result.domain === result.site || result.domain.endsWith(`.${result.site}`)).toBe(true);
        expect(result.domain.length).toBeLessThanOrEqual(253);
        for (const origin of originsFor(result)) expect(origin).toMatch(/^\*:\/\/(\*\.)?[a-z0-9._\-[\]:]+\/\*$/);
        // A domain the user watches covers its own host-only cookies.
        expect(cookieMatches({ domain: result.domain, hostOnly: true }, result)).toBe(true);
        expect(hostIsWatched(result.domain, [result])).toBeDefined();
      }),
      params,
    );
  });

  it('refuses a domain already watched, whatever form it is typed in', () => {
    fc.assert(
      fc.property(typed, (input) => {
        const first = normalizeDomain(input, []);
        if (!first.ok) return;
        expect(normalizeDomain(input, [first.domain])).toEqual({ ok: false, error: { code: 'duplicate', detail: first.domain } });
      }),
      params,
    );
  });
});

/** RFC 6265 §5.1.3 domain-match, written from the text, as the reference. */
function domainMatch(host: string, domain: string): boolean {
  if (host === domain) return true;
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return !isIp && host.endsWith(domain) && host[host.length - domain.length - 1] === '.';
}

describe('matching agrees with RFC 6265 domain-match', () => {
  const labels = fc.array(fc.constantFrom('a', 'b', 'app', 'www', 'example', 'xn--bcher-kva', 'co'), { minLength: 1, maxLength: 4 });
  const name = fc.tuple(labels, fc.constantFrom('test', 'com', 'uk')).map(([ls, t]) => `${ls.join('.')}.${t}`);
  const pair = fc.tuple(name, name, fc.boolean(), fc.boolean(), fc.boolean());

  it('a cookie is watched exactly when the browser would send it to the watched host or it lies under it', () => {
    fc.assert(
      fc.property(pair, ([watchedName, cookieName, hostOnly, dotted, upper]) => {
        const w = normalizeDomain(watchedName, []);
        if (!w.ok) return;
        const cookieHostName = cookieName.toLowerCase();
        const cookie = { domain: `${!hostOnly && dotted ? '.' : ''}${upper ? cookieName.toUpperCase() : cookieName}`, hostOnly };
        const under = domainMatch(cookieHostName, w.domain);
        const sentToWatched = !hostOnly && domainMatch(w.domain, cookieHostName) && domainMatch(cookieHostName, w.site);
        expect(cookieMatches(cookie, w)).toBe(under || sentToWatched);
        expect(buildWatchIndex([w]).covers(cookie)).toBe(under || sentToWatched);
      }),
      params,
    );
  });

  it('IP literals match only themselves', () => {
    fc.assert(
      fc.property(ipv4, ipv4, (a, b) => {
        const w = normalizeDomain(a, []);
        if (!w.ok) return;
        expect(cookieMatches({ domain: b, hostOnly: true }, w)).toBe(w.domain === b);
        expect(cookieMatches({ domain: `x.${a}`, hostOnly: false }, w)).toBe(false);
      }),
      params,
    );
  });
});
