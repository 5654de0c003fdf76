import { describe, expect, it } from 'vitest';
import { originsFor, patternCovers, uncoveredDomains } from '../../src/core/origins';

describe('patternCovers', () => {
  it.each([
    ['<all_urls>', '*://example.com/*', true],
    ['*://*/*', '*://example.com/*', true],
    ['*://*/*', '*://*.example.com/*', true],
    ['*://example.com/*', '*://example.com/*', true],
    ['*://*.example.com/*', '*://example.com/*', true],
    ['*://*.example.com/*', '*://app.example.com/*', true],
    ['*://*.example.com/*', '*://*.app.example.com/*', true],
    ['https://*.example.com/*', 'https://app.example.com/*', true],
    // Paths do not matter to host access.
    ['*://example.com/account/*', '*://example.com/*', true],
    ['*://example.com/*', '*://*.example.com/*', false],
    ['*://example.com/*', '*://app.example.com/*', false],
    ['*://*.app.example.com/*', '*://example.com/*', false],
    ['*://*.example.com/*', '*://badexample.com/*', false],
    ['https://*/*', '*://example.com/*', false],
    ['http://example.com/*', 'https://example.com/*', false],
    ['*://127.0.0.1/*', '*://127.0.0.1/*', true],
    ['*://127.0.0.1/*', '*://127.0.0.2/*', false],
    ['not a pattern', '*://example.com/*', false],
    ['*://*/*', 'nonsense', false],
  ])('%s covers %s: %s', (granted, wanted, covers) => {
    expect(patternCovers(granted, wanted)).toBe(covers);
  });
});

describe('uncoveredDomains', () => {
  const shop = { domain: 'shop.example.com', site: 'example.com' };
  const bank = { domain: 'bank.test', site: 'bank.test' };

  it('lists the domains any of whose patterns no granted pattern covers', () => {
    expect(uncoveredDomains([shop, bank], [])).toEqual([shop, bank]);
    expect(uncoveredDomains([shop, bank], originsFor(shop))).toEqual([bank]);
    expect(uncoveredDomains([shop, bank], ['*://*/*'])).toEqual([]);
    // The parent host is one of the shop's patterns: access to the shop's own hosts alone is not enough.
    expect(uncoveredDomains([shop], ['*://shop.example.com/*', '*://*.shop.example.com/*'])).toEqual([shop]);
    expect(uncoveredDomains([shop], ['*://*.example.com/*'])).toEqual([]);
  });
});
