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
    const id = await browser.notifications.create({ type: 'basic', title: 'T', message: 'M' });
    await browser.notifications.create('fixed', { type: 'basic', title: 'U', message: 'N' });
    expect(fakeNotifications.shown().map((n) => [n.id, n.title])).toEqual([
      [id, 'T'],
      ['fixed', 'U'],
    ]);
    expect(await browser.notifications.getAll()).toEqual({ [id]: true, fixed: true });
    expect(await browser.notifications.clear('fixed')).toBe(true);
    expect(fakeNotifications.shown()).toHaveLength(1);
  });
});
