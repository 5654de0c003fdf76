import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { originsFor } from '../../src/core/origins';
import { domainsWithoutAccess } from '../../src/platform/access';
import browser, { fakePermissions, resetBrowser } from '../fakes/browser';

beforeEach(() => resetBrowser());
afterEach(() => vi.restoreAllMocks());

const shop = { domain: 'shop.example.com', site: 'example.com' };
const bank = { domain: 'bank.test', site: 'bank.test' };
const blog = { domain: 'blog.test', site: 'blog.test' };

describe('domainsWithoutAccess', () => {
  it('names the watched domains whose cookies the extension may not read', async () => {
    expect(await domainsWithoutAccess([shop, bank, blog])).toEqual(['shop.example.com', 'bank.test', 'blog.test']);
    fakePermissions.grant(originsFor(bank));
    expect(await domainsWithoutAccess([shop, bank, blog])).toEqual(['shop.example.com', 'blog.test']);
    fakePermissions.grant(['*://*/*']);
    expect(await domainsWithoutAccess([shop, bank, blog])).toEqual([]);
  });

  it('asks the browser one by one only about the domains the granted patterns do not plainly cover', async () => {
    fakePermissions.grant([...originsFor(bank), ...originsFor(blog)]);
    const contains = vi.spyOn(browser.permissions, 'contains');
    const getAll = vi.spyOn(browser.permissions, 'getAll');
    expect(await domainsWithoutAccess([shop, bank, blog])).toEqual(['shop.example.com']);
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(contains).toHaveBeenCalledTimes(1);
    expect(contains).toHaveBeenCalledWith({ origins: originsFor(shop) });
  });

  it('trusts the browser where the patterns alone cannot tell', async () => {
    fakePermissions.grant(['*://*/*']);
    // getAll lists only a pattern the pure check cannot read; the browser still holds the access.
    vi.spyOn(browser.permissions, 'getAll').mockResolvedValue({ origins: ['odd://pattern'], permissions: [] });
    const contains = vi.spyOn(browser.permissions, 'contains');
    expect(await domainsWithoutAccess([shop])).toEqual([]);
    expect(contains).toHaveBeenCalledTimes(1);
  });

  it('costs no call at all with nothing watched', async () => {
    const getAll = vi.spyOn(browser.permissions, 'getAll');
    expect(await domainsWithoutAccess([])).toEqual([]);
    expect(getAll).not.toHaveBeenCalled();
  });
});
