import { describe, expect, it } from 'vitest';
import { fakePermissions, resetBrowser } from './browser';
import { fakeFetch, useFakeFetch } from './fetch';

useFakeFetch();

describe('the fake fetch', () => {
  it('follows a redirect unless told not to, so "never followed" assertions can fail', async () => {
    fakeFetch.respond((url) => (url.endsWith('/me') ? { status: 302, location: '/login' } : { status: 200 }));
    expect((await fetch('https://example.com/me')).status).toBe(200);
    expect(fakeFetch.requests().map((r) => r.url)).toEqual(['https://example.com/me', 'https://example.com/login']);
    const manual = await fetch('https://example.com/me', { redirect: 'manual' });
    expect([manual.type, manual.status]).toEqual(['opaqueredirect', 0]);
    expect(fakeFetch.requests()).toHaveLength(3);
  });

  it('records a body read, and fails like the browser when told to', async () => {
    resetBrowser({ mode: 'firefox' });
    fakePermissions.grantAtInstall(['*://example.com/*']);
    fakeFetch.answer({ status: 200 });
    await (await fetch('https://example.com/me')).text();
    expect(fakeFetch.requests()[0]?.bodyRead).toBe(true);
    fakeFetch.answer('fail');
    await expect(fetch('https://example.com/me')).rejects.toThrow('NetworkError when attempting to fetch resource.');
  });
});
