import { describe, expect, it, vi } from 'vitest';
import { hasIdlePermission, onSystemStateChanged, requestIdlePermission, setIdleThreshold, systemState } from '../../src/platform/idle';
import browser, { fakeIdle, fakePermissions } from '../fakes/browser';

describe('the idle adapter', () => {
  it('without the permission: no state, no listener, no threshold, and nothing thrown', async () => {
    expect(await hasIdlePermission()).toBe(false);
    expect(await systemState(10)).toBeNull();
    expect(onSystemStateChanged(() => undefined)).toBeNull();
    setIdleThreshold(10);
    expect(fakeIdle.intervals()).toEqual([]);
    expect(fakeIdle.queries()).toEqual([]);
  });

  it('asks for the permission by its manifest name, and has the API once granted', async () => {
    expect(await requestIdlePermission()).toBe(true);
    expect(fakePermissions.apiRequests()).toEqual([['idle']]);
    expect(await hasIdlePermission()).toBe(true);
    expect(browser.idle).toBeDefined();
  });

  it('a refused permission leaves no API', async () => {
    fakePermissions.answerRequests('deny');
    expect(await requestIdlePermission()).toBe(false);
    expect(await systemState(10)).toBeNull();
  });

  it.each([
    [10, 600],
    [1, 60],
    [0, 15],
  ])('a threshold of %i min is %i s for the API, at least its 15 s', async (minutes, seconds) => {
    fakePermissions.grantApi('idle');
    expect(await systemState(minutes)).toBe('active');
    setIdleThreshold(minutes);
    expect(fakeIdle.queries()).toEqual([seconds]);
    expect(fakeIdle.intervals()).toEqual([seconds]);
  });

  it('tells the state, follows its changes, and stops following', async () => {
    fakePermissions.grantApi('idle');
    const seen = vi.fn();
    const stop = onSystemStateChanged(seen);
    fakeIdle.set('idle');
    expect(await systemState(10)).toBe('idle');
    fakeIdle.set('locked');
    stop?.();
    fakeIdle.set('active');
    expect(seen.mock.calls).toEqual([['idle'], ['locked']]);
  });

  it('the permission taken back in the browser settings: no state again', async () => {
    fakePermissions.grantApi('idle');
    fakePermissions.revokeApi('idle');
    expect(await hasIdlePermission()).toBe(false);
    expect(await systemState(10)).toBeNull();
  });
});
