import { describe, expect, it } from 'vitest';
import { DEFAULTS, SETTINGS_KEY, type Settings } from '../../src/core/settings-defaults';
import {
  DOMAIN_CHUNK_PREFIX,
  ITEM_BYTES,
  itemBytes,
  joinSettings,
  splitSettings,
  SYNC_BYTES,
  syncBytes,
} from '../../src/core/settings-layout';
import { repairTexts, validateSettings } from '../../src/core/settings';

const TEXTS = repairTexts();

const domains = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    domain: `site-number-${i}.example.com`,
    site: 'example.com',
    leadMinutes: i % 3 ? null : 5,
    warnings: true,
  }));
const settings = (n: number): Settings => ({ ...DEFAULTS, domains: domains(n) });

describe('splitSettings / joinSettings', () => {
  it('keeps small settings in one item', () => {
    const { set, remove } = splitSettings(settings(3), ['settings', 'settings.domains.0', 'other']);
    expect(Object.keys(set)).toEqual([SETTINGS_KEY]);
    expect(remove).toEqual(['settings.domains.0']);
    expect(joinSettings(set, TEXTS).raw).toEqual(settings(3));
  });

  it.each([100, 500, 1000])('spreads %i domains over items that each fit the quota, and reads them back', (n) => {
    const { set } = splitSettings(settings(n), []);
    for (const [key, value] of Object.entries(set)) expect(itemBytes(key, value)).toBeLessThanOrEqual(ITEM_BYTES);
    expect(Object.keys(set).length).toBeGreaterThan(1);
    const { raw, errors } = joinSettings(set, TEXTS);
    expect(errors).toEqual([]);
    expect(validateSettings(raw)).toEqual({ settings: settings(n), errors: [] });
  });

  it("500 domains stay within storage.sync's 100 KB and 512 items", () => {
    const { set } = splitSettings(settings(500), []);
    const total = Object.entries(set).reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
    expect(total).toBeLessThan(102_400);
    expect(Object.keys(set).length).toBeLessThan(512);
  });

  it('removes chunks a shrinking list no longer needs', () => {
    const big = splitSettings(settings(500), []);
    const { remove } = splitSettings(settings(2), Object.keys(big.set));
    expect(remove.sort()).toEqual(
      Object.keys(big.set)
        .filter((k) => k.startsWith(DOMAIN_CHUNK_PREFIX))
        .sort(),
    );
  });

  it('skips a chunk that has not arrived and says so', () => {
    const { set } = splitSettings(settings(500), []);
    delete set[`${DOMAIN_CHUNK_PREFIX}1`];
    const { raw, errors } = joinSettings(set, TEXTS);
    expect(errors).toEqual([`${DOMAIN_CHUNK_PREFIX}1: missing or not a list; its domains were skipped`]);
    expect((raw as Settings).domains.length).toBeLessThan(500);
  });

  it('names only the keys without texts, as the popup reads them', () => {
    const { set } = splitSettings(settings(500), []);
    delete set[`${DOMAIN_CHUNK_PREFIX}1`];
    expect(joinSettings(set, null).errors).toEqual([`${DOMAIN_CHUNK_PREFIX}1`]);
    expect(joinSettings({ settings: { ...DEFAULTS, domains: undefined, domainChunks: 'x' } }, null).errors).toEqual(['domainChunks']);
  });

  it.each([['x'], [-1], [1.5]])('refuses a chunk count of %j', (count) => {
    const { raw, errors } = joinSettings({ settings: { ...DEFAULTS, domains: undefined, domainChunks: count } }, TEXTS);
    expect((raw as Settings).domains).toEqual([]);
    expect(errors).toHaveLength(1);
  });

  it('passes anything else through for validateSettings to judge', () => {
    expect(joinSettings({ settings: 'garbage' }, TEXTS)).toEqual({ raw: 'garbage', errors: [] });
    expect(joinSettings({}, TEXTS)).toEqual({ raw: undefined, errors: [] });
  });
});

describe('syncBytes', () => {
  const entry = (i: number, marks = 0) => ({
    domain: `watched-site-${i}.example.com`,
    site: 'example.com',
    leadMinutes: null,
    warnings: true,
    ...(marks > 0 ? { marks: Object.fromEntries(Array.from({ length: marks }, (_, m) => [`${'m'.repeat(120)}${m}`, true])) } : {}),
  });

  it('counts every item splitSettings writes', () => {
    expect(syncBytes(DEFAULTS)).toBe(itemBytes(SETTINGS_KEY, DEFAULTS));
    const many: Settings = { ...DEFAULTS, domains: Array.from({ length: 500 }, (_, i) => entry(i)) };
    const { set } = splitSettings(many);
    expect(syncBytes(many)).toBe(Object.entries(set).reduce((n, [k, v]) => n + itemBytes(k, v), 0));
  });

  it('500 plain watched domains fit; 500 with twenty long marks each do not', () => {
    expect(syncBytes({ ...DEFAULTS, domains: Array.from({ length: 500 }, (_, i) => entry(i)) })).toBeLessThan(SYNC_BYTES);
    expect(syncBytes({ ...DEFAULTS, domains: Array.from({ length: 500 }, (_, i) => entry(i, 20)) })).toBeGreaterThan(SYNC_BYTES);
  });
});
