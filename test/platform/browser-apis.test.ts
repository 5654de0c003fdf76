import { beforeEach, describe, expect, it, vi } from 'vitest';
import { hasOrigins, onAccessChanged, requestOrigins } from '../../src/platform/permissions';
import { onInstalled, onStartup, openOptionsPage } from '../../src/platform/runtime';
import { activeTabUrl } from '../../src/platform/tabs';
import browser, { fakeAlarms, fakeClock, fakeNotifications, fakePermissions, fakeRuntime, fakeTabs, resetBrowser } from '../fakes/browser';

beforeEach(() => resetBrowser());

describe('permissions', () => {
  it('has no host access at install; a granted request gives it and says so', async () => {
    const changed = vi.fn();
    onAccessChanged(changed);
    const origins = ['*://example.com/*', '*://*.example.com/*'];
    expect(await hasOrigins(origins)).toBe(false);
    expect(await requestOrigins(origins)).toBe(true);
    expect(await hasOrigins(origins)).toBe(true);
    expect(await hasOrigins(['*://app.example.com/*'])).toBe(true);
    expect(await hasOrigins(['*://other.org/*'])).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
    await browser.permissions.remove({ origins });
    expect(changed).toHaveBeenCalledTimes(2);
    expect(await hasOrigins(origins)).toBe(false);
  });

  it('the user may refuse, or (headless Chromium) never answer', async () => {
    fakePermissions.answerRequests('deny');
    expect(await requestOrigins(['*://example.com/*'])).toBe(false);
    fakePermissions.answerRequests('hang');
    const pending = requestOrigins(['*://example.com/*']);
    const settled = await Promise.race([pending.then(() => 'settled'), new Promise((r) => setTimeout(() => r('pending'), 10))]);
    expect(settled).toBe('pending');
    expect(fakePermissions.requests()).toEqual([['*://example.com/*'], ['*://example.com/*']]);
  });

  it('a request for access already held resolves at once', async () => {
    fakePermissions.grantAtInstall(['*://*/*']);
    fakePermissions.answerRequests('hang');
    expect(await requestOrigins(['*://example.com/*'])).toBe(true);
  });
});

describe('tabs and runtime', () => {
  it('activeTabUrl gives the active tab url, or null', async () => {
    expect(await activeTabUrl()).toBeNull();
    fakeTabs.setActive('https://app.example.com/dashboard');
    expect(await activeTabUrl()).toBe('https://app.example.com/dashboard');
  });

  it('openOptionsPage and the lifecycle events', async () => {
    await openOptionsPage();
    expect(fakeRuntime.optionsOpened()).toBe(1);
    const installed = vi.fn();
    const started = vi.fn();
    const off = onInstalled(installed);
    onStartup(started);
    fakeRuntime.install();
    fakeRuntime.startup();
    off();
    fakeRuntime.install('update');
    expect(installed).toHaveBeenCalledTimes(1);
    expect(started).toHaveBeenCalledTimes(1);
  });
});

describe('alarms and notifications fakes', () => {
  it('fires alarms when the clock reaches them', async () => {
    const fired = vi.fn();
    browser.alarms.onAlarm.addListener(fired);
    await browser.alarms.create('once', { when: fakeClock.now() + 60_000 });
    await browser.alarms.create('every', { periodInMinutes: 1 });
    expect(fakeAlarms.fireDue()).toEqual([]);
    fakeClock.advance(60_000);
    expect(fakeAlarms.fireDue().sort()).toEqual(['every', 'once']);
    expect((await browser.alarms.getAll()).map((a) => a.name)).toEqual(['every']);
    expect(fired).toHaveBeenCalledTimes(2);
  });

  it('records notifications', async () => {
    const iconUrl = 'icons/icon-128.png';
    const id = await browser.notifications.create({ type: 'basic', iconUrl, title: 'T', message: 'M' });
    await browser.notifications.create('fixed', { type: 'basic', iconUrl, title: 'U', message: 'N' });
    expect(fakeNotifications.shown().map((n) => [n.id, n.title])).toEqual([
      [id, 'T'],
      ['fixed', 'U'],
    ]);
    expect(await browser.notifications.getAll()).toEqual({ [id]: true, fixed: true });
    expect(await browser.notifications.clear('fixed')).toBe(true);
    expect(fakeNotifications.shown()).toHaveLength(1);
  });

  it('Chromium refuses a notification without an icon, with its own words; Firefox shows it', async () => {
    const options = { type: 'basic' as const, title: 'T', message: 'M' };
    await expect(browser.notifications.create('no-icon', options)).rejects.toThrow(
      'Some of the required properties are missing: type, iconUrl, title and message.',
    );
    expect(fakeNotifications.shown()).toEqual([]);
    resetBrowser({ mode: 'firefox' });
    expect(await browser.notifications.create('no-icon', options)).toBe('no-icon');
  });

  it('fires onClosed, after the call, when a notification is cleared or dismissed', async () => {
    const closed = vi.fn();
    browser.notifications.onClosed.addListener(closed);
    await browser.notifications.create('a', { type: 'basic', iconUrl: 'i.png', title: 'T', message: 'M' });
    await browser.notifications.create('b', { type: 'basic', iconUrl: 'i.png', title: 'T', message: 'M' });
    const cleared = browser.notifications.clear('a');
    expect(closed).not.toHaveBeenCalled();
    expect(await cleared).toBe(true);
    fakeNotifications.close('b');
    await Promise.resolve();
    expect(closed.mock.calls).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(await browser.notifications.clear('a')).toBe(false);
    expect(closed).toHaveBeenCalledTimes(2);
  });

  it('packed, an alarm fires no sooner than 30 s after it is set, and reads so', async () => {
    fakeAlarms.pack();
    const now = fakeClock.now();
    await browser.alarms.create('soon', { when: now + 5_000 });
    await browser.alarms.create('later', { when: now + 45_000 });
    await browser.alarms.create('often', { periodInMinutes: 0.1 });
    expect(await browser.alarms.getAll()).toEqual([
      { name: 'soon', scheduledTime: now + 30_000 },
      { name: 'later', scheduledTime: now + 45_000 },
      { name: 'often', scheduledTime: now + 30_000, periodInMinutes: 0.5 },
    ]);
    fakeClock.advance(29_999);
    expect(fakeAlarms.fireDue()).toEqual([]);
    fakeClock.advance(1);
    expect(fakeAlarms.fireDue().sort()).toEqual(['often', 'soon']);
  });

  it('unpacked, an alarm fires when asked', async () => {
    const now = fakeClock.now();
    await browser.alarms.create('soon', { when: now + 5_000 });
    expect((await browser.alarms.get('soon'))?.scheduledTime).toBe(now + 5_000);
  });

  it('refuses a 501st alarm, but moves an existing one', async () => {
    const when = fakeClock.now() + 60_000;
    for (let i = 0; i < 500; i++) await browser.alarms.create(`a${i}`, { when });
    await expect(browser.alarms.create('one-more', { when })).rejects.toThrow('at most 500 alarms');
    await browser.alarms.create('a0', { when: when + 1 });
    expect((await browser.alarms.get('a0'))?.scheduledTime).toBe(when + 1);
    expect(await browser.alarms.getAll()).toHaveLength(500);
  });
});
