import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Request } from '../../src/core/messages';
import { isOwnPage, send, serve, type Handlers } from '../../src/platform/messaging';
import browser, { fakeRuntime, resetBrowser } from '../fakes/browser';

function handlers(): Handlers {
  return {
    addDomain: vi.fn(async ({ input }: Request<'addDomain'>) => ({ ok: true as const, domain: input })),
    siteInfo: vi.fn(async () => ({ ok: false as const, error: { code: 'invalid' as const } })),
    clearEnded: vi.fn(async ({ ids }: Request<'clearEnded'>) => ({ cleared: ids.length })),
    rescan: vi.fn(async () => ({ watched: 3 })),
    setShowAll: vi.fn(async () => ({ ok: true })),
    setMark: vi.fn(async () => ({ ok: true })),
    checkNow: vi.fn(async () => ({ ok: false as const, error: 'no-check-url' as const })),
  };
}

beforeEach(() => resetBrowser());

describe('isOwnPage', () => {
  const tab = (url: string) => ({ id: 1, index: 0, highlighted: true, active: true, pinned: false, incognito: false, url });

  it.each(['chromium', 'firefox'] as const)('accepts our popup and our options tab (%s)', (mode) => {
    resetBrowser({ mode });
    expect(isOwnPage(fakeRuntime.pageSender('popup.html'))).toBe(true);
    const options = fakeRuntime.pageSender('options.html');
    expect(isOwnPage({ ...options, tab: tab(options.url ?? '') })).toBe(true);
  });

  it('refuses content scripts, other extensions and senders without a url', () => {
    const id = browser.runtime.id;
    expect(isOwnPage({ id, url: 'https://evil.example/', tab: tab('https://evil.example/') })).toBe(false);
    expect(isOwnPage({ id, url: browser.runtime.getURL('popup.html'), tab: tab('https://evil.example/') })).toBe(false);
    expect(isOwnPage({ id: 'someone-else', url: browser.runtime.getURL('popup.html') })).toBe(false);
    expect(isOwnPage({ id })).toBe(false);
    expect(isOwnPage({})).toBe(false);
  });
});

describe('send and serve', () => {
  it('routes each message to its handler and returns the answer', async () => {
    const h = handlers();
    serve(h);
    expect(await send('addDomain', { input: 'example.com' })).toEqual({ ok: true, domain: 'example.com' });
    expect(await send('clearEnded', { ids: ['a', 'b'] })).toEqual({ cleared: 2 });
    expect(await send('rescan', {})).toEqual({ watched: 3 });
    expect(h.siteInfo).not.toHaveBeenCalled();
  });

  it('a handler error reaches the sender', async () => {
    serve({
      ...handlers(),
      rescan: async () => {
        throw new Error('scan failed');
      },
    });
    await expect(send('rescan', {})).rejects.toThrow('scan failed');
  });

  it('refused and unknown messages get no answer and reach no handler', async () => {
    const h = handlers();
    serve(h);
    await expect(
      fakeRuntime.deliver({ type: 'rescan', payload: {} }, { id: browser.runtime.id, url: 'https://evil.example/' }),
    ).rejects.toThrow();
    await expect(fakeRuntime.deliver({ type: 'nope', payload: {} }, fakeRuntime.pageSender())).rejects.toThrow();
    await expect(fakeRuntime.deliver({ type: 'rescan' }, fakeRuntime.pageSender())).rejects.toThrow();
    expect(h.rescan).not.toHaveBeenCalled();
  });

  it('stops answering once unsubscribed', async () => {
    const off = serve(handlers());
    off();
    await expect(send('rescan', {})).rejects.toThrow(/Receiving end does not exist/);
  });
});
