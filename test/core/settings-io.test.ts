import { describe, expect, it } from 'vitest';
import { exportSettings, importSettings, IMPORT_MAX_BYTES } from '../../src/core/settings-io';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';

const NOW = Date.UTC(2026, 10, 26, 14, 0, 0);
const settings: Settings = {
  ...DEFAULTS,
  leadMinutes: 5,
  domains: [
    { domain: 'example.com', site: 'example.com', leadMinutes: null, warnings: true },
    { domain: 'app.example.co.uk', site: 'example.co.uk', leadMinutes: 10, warnings: false, idleMinutes: 15, marks: { sid: true } },
  ],
};
const file = (inner: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'session-watch-settings', version: 1, settings: inner, ...extra });
const read = (text: string) => importSettings(text, new TextEncoder().encode(text).length);

describe('export and import', () => {
  it('round-trips', () => {
    const text = exportSettings(settings, NOW);
    expect(JSON.parse(text)).toMatchObject({ format: 'session-watch-settings', version: 1, exportedAt: '2026-11-26T14:00:00.000Z' });
    expect(read(text)).toEqual({ ok: true, settings });
  });

  it('fills fields an older file lacks with their defaults', () => {
    expect(read(file({ domains: [] }))).toEqual({ ok: true, settings: DEFAULTS });
  });
});

describe('import refuses, saying why', () => {
  // Short entries, so 100,000 of them stay under the 1 MB limit and the count is what refuses them.
  const manyDomains = Array.from({ length: 100_000 }, (_, i) => `${i.toString(36)}.io`);
  it.each([
    ['an empty file', '', 'empty'],
    ['a truncated file', exportSettings(settings, NOW).slice(0, 60), 'not-json'],
    ['not JSON', 'domains: example.com', 'not-json'],
    ['a JSON list', '[1,2]', 'not-settings'],
    ["another program's JSON", JSON.stringify({ leadMinutes: 2 }), 'not-settings'],
    ['a file from a newer version', file({}, { version: 2 }), 'newer-version'],
    ['a __proto__ key', '{"format":"session-watch-settings","version":1,"settings":{"__proto__":{"leadMinutes":1}}}', 'hostile-key'],
    ['a constructor key', file({ domains: [], constructor: { prototype: {} } }), 'hostile-key'],
    ['100,000 domains', file({ domains: manyDomains }), 'too-many-domains'],
    ['a wrongly typed lead', file({ leadMinutes: 'two' }), 'invalid-field'],
    ['a wrongly typed domain list', file({ domains: 'example.com' }), 'invalid-field'],
    ['a malformed domain', file({ domains: [{ domain: 'EXAMPLE.com', site: 'example.com' }] }), 'invalid-field'],
    ['a public suffix', file({ domains: [{ domain: 'co.uk', site: 'co.uk', leadMinutes: null, warnings: true }] }), 'invalid-domain'],
    [
      'a site that is not the registrable domain',
      file({ domains: [{ domain: 'app.example.com', site: 'app.example.com', leadMinutes: null, warnings: true }] }),
      'invalid-domain',
    ],
  ])('%s', (_name, text, code) => {
    const result = read(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it('refuses an oversized file before reading it', () => {
    expect(importSettings('{}', IMPORT_MAX_BYTES + 1)).toEqual({ ok: false, error: { code: 'too-large', detail: '1000000' } });
  });

  it('names the field that is wrong', () => {
    const result = read(file({ leadMinutes: 0 }));
    expect(!result.ok && result.error.detail).toMatch(/^leadMinutes/);
  });
});
