import { describe, expect, it } from 'vitest';
import { createDigester } from '../../src/platform/value-digest';
import browser from '../fakes/browser';

describe('createDigester', () => {
  it('gives one value one digest, and another value another', async () => {
    const digest = createDigester();
    const a = await digest('s3cr3t-session-id');
    expect(await digest('s3cr3t-session-id')).toBe(a);
    expect(await digest('s3cr3t-session-id2')).not.toBe(a);
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('keeps its key in storage.session only, so a restarted worker tells the same values apart', async () => {
    const before = await createDigester()('value-1');
    expect(await createDigester()('value-1')).toBe(before);
    expect(Object.keys(browser.storage.session.snapshot())).toEqual(['digestKey']);
    expect(browser.storage.local.snapshot()).toEqual({});
    expect(browser.storage.sync.snapshot()).toEqual({});
  });

  it('a new browser session (a new key) gives other digests: nothing links them', async () => {
    const before = await createDigester()('value-1');
    await browser.storage.session.clear();
    expect(await createDigester()('value-1')).not.toBe(before);
  });

  it('replaces a malformed key rather than failing', async () => {
    await browser.storage.session.set({ digestKey: 'not base64 at all!' });
    const digest = await createDigester()('value-1');
    expect(digest).toHaveLength(24);
    const stored = browser.storage.session.snapshot().digestKey;
    expect(typeof stored === 'string' && atob(stored).length).toBe(32);
  });

  it('stores no digest and no value', async () => {
    await createDigester()('a-very-recognisable-value');
    expect(JSON.stringify(browser.storage.session.snapshot())).not.toContain('recognisable');
  });
});
