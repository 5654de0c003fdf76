import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { siteFor, siteIndex } from '../../src/core/matching';
import type { WatchedDomain } from '../../src/core/settings-defaults';

const w = (domain: string, site = domain): WatchedDomain => ({ domain, site, leadMinutes: null, warnings: true });
const watched = [
  w('example.com'),
  w('app.example.com', 'example.com'),
  w('x.y.example.org', 'example.org'),
  w('127.0.0.1'),
  w('[::1]'),
  w('deep.shop.example.net', 'example.net'),
];

describe('siteIndex answers as siteFor does', () => {
  it.each([
    ['example.com', true],
    ['.example.com', false],
    ['a.app.example.com', true],
    ['APP.Example.com', true],
    ['.y.example.org', false],
    ['y.example.org', true],
    ['.example.org', false],
    ['.org', false],
    ['127.0.0.1', true],
    ['::1', true],
    ['[::1]', true],
    ['.shop.example.net', false],
    ['.example.net', false],
    ['other.test', true],
    ['.net', false],
  ])('%s (hostOnly: %s)', (domain, hostOnly) => {
    const cookie = { domain, hostOnly };
    expect(siteIndex(watched)(cookie)).toBe(siteFor(cookie, watched));
  });

  it('for generated cookies and watched lists', () => {
    const label = fc.constantFrom('a', 'b', 'app', 'x', 'example', 'com', 'org', 'co', 'uk');
    const host = fc.array(label, { minLength: 1, maxLength: 5 }).map((ls) => ls.join('.'));
    const entry = fc.tuple(host, fc.nat(3)).map(([d, cut]) => {
      const labels = d.split('.');
      return w(d, labels.slice(Math.min(cut, labels.length - 1)).join('.'));
    });
    const cookie = fc.record({ domain: fc.tuple(fc.boolean(), host).map(([dot, h]) => (dot ? `.${h}` : h)), hostOnly: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.array(cookie, { minLength: 1, maxLength: 8 }), (list, cookies) => {
        const index = siteIndex(list);
        for (const c of cookies) expect(index(c)).toBe(siteFor(c, list));
      }),
      { numRuns: 5_000, seed: 20261126 },
    );
  });
});
