import { describe, expect, it } from 'vitest';
import { onRequestAnswered, onRequestSent, type RequestAnswered, type RequestSent } from '../../src/platform/web-requests';
import browser, { type BrowserMode, fakePermissions, fakeWebRequest, resetBrowser } from '../fakes/browser';
import { fakeFetch, useFakeFetch } from '../fakes/fetch';

const MODES: BrowserMode[] = ['chromium', 'firefox'];

useFakeFetch();

function listen(mode: BrowserMode): RequestSent[] {
  resetBrowser({ mode });
  fakePermissions.grantAtInstall(['*://example.com/*']);
  const seen: RequestSent[] = [];
  onRequestSent(
    () => true,
    (r) => seen.push(r),
  );
  return seen;
}

/** A request as webRequest reports it, from a tab or from another extension. */
function sent(details: { tabId: number; initiator?: string; originUrl?: string; documentUrl?: string }): void {
  browser.webRequest.onSendHeaders.fire({
    url: 'https://example.com/api/me',
    method: 'GET',
    requestId: '1',
    frameId: 0,
    parentFrameId: -1,
    type: 'xmlhttprequest',
    timeStamp: 0,
    thirdParty: false,
    ...details,
  });
}

describe('onRequestSent', () => {
  it.each(MODES)("the extension's own request is told as its own: no tab, the extension its initiator (%s)", async (mode) => {
    const seen = listen(mode);
    fakeFetch.answer({ status: 200 });
    await fetch('https://example.com/api/me?x=1');
    expect(seen).toEqual([{ host: 'example.com', own: true, method: 'GET', path: '/api/me' }]);
  });

  it.each(MODES)("a page's request is the user's (%s)", (mode) => {
    const seen = listen(mode);
    fakeWebRequest.send('https://example.com/inbox');
    expect(seen).toEqual([{ host: 'example.com', own: false, method: 'GET', path: '/inbox' }]);
  });

  it.each<[string, BrowserMode, Parameters<typeof sent>[0]]>([
    ["a page's request in Chromium, initiated by the page", 'chromium', { tabId: 3, initiator: 'https://example.com' }],
    [
      'a tab request that names the extension (a page it opened)',
      'chromium',
      { tabId: 3, initiator: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' },
    ],
    ['another extension', 'chromium', { tabId: -1, initiator: 'chrome-extension://zyxwvutsrqponmlkzyxwvutsrqponmlk' }],
    [
      'another extension whose id begins like ours',
      'chromium',
      { tabId: -1, initiator: 'chrome-extension://abcdefghijklmnopabcdefghijklmnopq' },
    ],
    ['a service worker of the site (no tab)', 'chromium', { tabId: -1, initiator: 'https://example.com' }],
    ['no initiator at all (the browser itself)', 'chromium', { tabId: -1 }],
    ['another extension in Firefox', 'firefox', { tabId: -1, originUrl: 'moz-extension://99999999-2222-3333-4444-555555555555/bg.html' }],
  ])("%s is not the extension's own", (_name, mode, details) => {
    const seen = listen(mode);
    sent(details);
    expect(seen.map((r) => r.own)).toEqual([false]);
  });

  it('Firefox: a request whose document is our background page is our own', () => {
    const seen = listen('firefox');
    sent({ tabId: -1, documentUrl: 'moz-extension://11111111-2222-3333-4444-555555555555/_generated_background_page.html' });
    expect(seen.map((r) => r.own)).toEqual([true]);
  });
});

describe('onRequestAnswered', () => {
  it.each(MODES)("tells the answer to the extension's own request from a page's (%s)", async (mode) => {
    resetBrowser({ mode });
    fakePermissions.grantAtInstall(['*://example.com/*']);
    const seen: RequestAnswered[] = [];
    onRequestAnswered(
      () => true,
      (a) => seen.push(a),
    );
    fakeFetch.answer({ status: 401 });
    await fetch('https://example.com/api/me');
    fakeFetch.answer({ status: 302, location: '/login' });
    await fetch('https://example.com/api/me', { redirect: 'manual' });
    fakeWebRequest.request('https://example.com/inbox', 401);
    expect(seen).toEqual([
      { host: 'example.com', own: true, status: 401, redirectPath: null },
      { host: 'example.com', own: true, status: 302, redirectPath: '/login' },
      { host: 'example.com', own: false, status: 401, redirectPath: null },
    ]);
  });
});
