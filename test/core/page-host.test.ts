import { describe, expect, it } from 'vitest';
import { pageHost } from '../../src/core/page-host';

describe('pageHost', () => {
  it.each([
    ['https://App.example.com:8443/x', 'app.example.com'],
    ['http://example.com/', 'example.com'],
    ['http://127.0.0.1:3000/', '127.0.0.1'],
    ['http://[::1]/', '[::1]'],
    ['https://münchen.example/', 'xn--mnchen-3ya.example'],
    ['chrome://extensions', null],
    ['about:blank', null],
    ['file:///home/me/page.html', null],
    ['moz-extension://abc/popup.html', null],
    ['not a url', null],
    ['', null],
  ])('%j -> %j', (url, host) => {
    expect(pageHost(url)).toBe(host);
  });
});
