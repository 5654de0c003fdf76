import { describe, expect, it, vi } from 'vitest';
import { createWatchCache } from '../../src/background/watch-cache';
import type { ValidatedSettings } from '../../src/core/settings';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';
import { deferred } from '../fakes/deferred';

const settingsWith = (...domains: string[]): Settings => ({
  ...DEFAULTS,
  domains: domains.map((domain) => ({ domain, site: domain, leadMinutes: null, warnings: true })),
});

describe('createWatchCache', () => {
  it('is cold until loaded, and loads once however many ask', async () => {
    const read = deferred<ValidatedSettings>();
    const readSettings = vi.fn(() => read.promise);
    const cache = createWatchCache({ readSettings, corrupt: vi.fn() });
    expect(cache.peek()).toBeUndefined();
    const loads = [cache.load(), cache.load(), cache.load()];
    read.resolve({ settings: settingsWith('example.com'), errors: [] });
    const states = await Promise.all(loads);
    expect(readSettings).toHaveBeenCalledTimes(1);
    expect(new Set(states).size).toBe(1);
    expect(cache.peek()?.index.covers({ domain: 'example.com', hostOnly: true })).toBe(true);
    await cache.load();
    expect(readSettings).toHaveBeenCalledTimes(1);
  });

  it('asks for a storage check when the settings it read had broken fields, and only then', async () => {
    const corrupt = vi.fn();
    const cache = createWatchCache({
      readSettings: async () => ({ settings: settingsWith(), errors: ['leadMinutes: expected a whole number'] }),
      corrupt,
    });
    await cache.load();
    await cache.load();
    expect(corrupt).toHaveBeenCalledTimes(1);
    expect(corrupt).toHaveBeenCalledWith(['leadMinutes: expected a whole number']);
    const sound = vi.fn();
    await createWatchCache({ readSettings: async () => ({ settings: settingsWith(), errors: [] }), corrupt: sound }).load();
    expect(sound).not.toHaveBeenCalled();
  });

  it('a read that started before a settings change does not overwrite it', async () => {
    const read = deferred<ValidatedSettings>();
    const cache = createWatchCache({ readSettings: () => read.promise, corrupt: vi.fn() });
    const loading = cache.load();
    cache.update(settingsWith('new.org'));
    read.resolve({ settings: settingsWith('old.org'), errors: [] });
    const state = await loading;
    expect(state.settings.domains.map((d) => d.domain)).toEqual(['new.org']);
    expect(cache.peek()?.settings.domains.map((d) => d.domain)).toEqual(['new.org']);
  });

  it('tries again after a failed read', async () => {
    const readSettings = vi
      .fn<() => Promise<ValidatedSettings>>()
      .mockRejectedValueOnce(new Error('storage unavailable'))
      .mockResolvedValue({ settings: settingsWith('example.com'), errors: [] });
    const cache = createWatchCache({ readSettings, corrupt: vi.fn() });
    await expect(cache.load()).rejects.toThrow('storage unavailable');
    await expect(cache.load()).resolves.toMatchObject({ settings: { domains: [{ domain: 'example.com' }] } });
  });

  it('answers for the new watch list after an update, not a remembered old answer', async () => {
    const cache = createWatchCache({ readSettings: async () => ({ settings: settingsWith('a.org'), errors: [] }), corrupt: vi.fn() });
    const cookie = { domain: 'b.org', hostOnly: true };
    expect((await cache.load()).index.covers(cookie)).toBe(false);
    expect(cache.update(settingsWith('a.org', 'b.org')).index.covers(cookie)).toBe(true);
    expect(cache.update(settingsWith('a.org')).index.covers(cookie)).toBe(false);
  });

  it('remembers host-only and domain cookies apart', async () => {
    const cache = createWatchCache({
      readSettings: async () => ({
        settings: { ...DEFAULTS, domains: [{ domain: 'app.example.com', site: 'example.com', leadMinutes: null, warnings: true }] },
        errors: [],
      }),
      corrupt: vi.fn(),
    });
    const { index } = await cache.load();
    expect(index.covers({ domain: '.example.com', hostOnly: false })).toBe(true);
    expect(index.covers({ domain: 'example.com', hostOnly: true })).toBe(false);
    expect(index.covers({ domain: '.example.com', hostOnly: false })).toBe(true);
  });
});
