import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../src/core/settings';
import { DEFAULTS } from '../../src/core/settings-defaults';
import { importSettings, exportSettings } from '../../src/core/settings-io';
import { splitSettings } from '../../src/core/settings-layout';
import {
  SettingsFileShape,
  SettingsShape,
  strippedSettings,
  WatchedDomainShape,
  type Settings,
  type WatchedDomain,
} from '../../src/core/settings-shape';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261206);

const watched: WatchedDomain = {
  domain: 'app.example.com',
  site: 'example.com',
  leadMinutes: 5,
  warnings: false,
  idleMinutes: 30,
  checkUrl: 'https://app.example.com/api/me?full=1',
  loginPath: '/welcome',
  keepAlive: true,
  marks: { sid: true, theme: false },
};
const settings: Settings = { ...DEFAULTS, domains: [watched], leadMinutes: 10 };

describe('the settings shape: type, checker and stripper agree', () => {
  it('settings of the type pass the schema and read back unchanged, with no repair', () => {
    expect(v.is(SettingsShape, settings)).toBe(true);
    expect(v.is(SettingsShape, DEFAULTS)).toBe(true);
    expect(validateSettings(settings)).toEqual({ settings, errors: [] });
  });

  it('stripping settings with extra fields yields exactly the schema keys, at both levels', () => {
    const carrying = { ...settings, extra: 1, domains: [{ ...watched, value: 'secret' }] } as unknown as Settings;
    const stripped = strippedSettings(carrying);
    expect(Object.keys(stripped)).toEqual(Object.keys(SettingsShape.entries));
    expect(Object.keys(stripped.domains[0]!)).toEqual(Object.keys(WatchedDomainShape.entries));
    expect(splitSettings(carrying).set).toEqual({ settings });
  });

  it('a settings file as exported passes the file shape and imports back', () => {
    const text = exportSettings(settings, Date.UTC(2026, 0, 1));
    expect(v.is(SettingsFileShape, JSON.parse(text))).toBe(true);
    expect(importSettings(text, text.length)).toEqual({ ok: true, settings });
  });

  it.each([
    [{ format: 'session-watch-settings', version: 1, settings: {} }, true],
    [{ format: 'session-watch-settings', version: 1.5, settings: {} }, false],
    [{ format: 'session-watch-settings', version: 0, settings: {} }, false],
    [{ format: 'other', version: 1, settings: {} }, false],
    [{ format: 'session-watch-settings', version: 1, settings: null }, false],
    [{ format: 'session-watch-settings', version: 1, exportedAt: 5, settings: {} }, true],
  ])('SettingsFileShape accepts %j: %s', (file, expected) => {
    expect(v.is(SettingsFileShape, file)).toBe(expected);
  });
});

const anyField = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, 1, 2, 1440, 1441, 2.5, -1, 10_080, 10_081, '', 'soon', 'example.com', [], {}),
  fc.anything(),
);

describe('validateSettings agrees with the schema', () => {
  it('always reads settings the schema accepts; when it reports nothing, they are the stored ones with absent values filled in', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...Object.keys(SettingsShape.entries)), anyField, { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom(...Object.keys(WatchedDomainShape.entries)), anyField, { maxKeys: 3 }),
        (changes, domainChanges) => {
          const domain: Record<string, unknown> = { ...watched, ...domainChanges };
          const domainList = [domain];
          const raw: Record<string, unknown> = { ...settings, domains: domainList, ...changes };
          for (const o of [raw, domain]) for (const [k, x] of Object.entries(o)) if (x === undefined) delete o[k];
          const { settings: read, errors } = validateSettings(raw);
          expect(v.is(SettingsShape, read)).toBe(true);
          if (errors.length > 0) return;
          // An absent lead is the global one, absent warnings are on; a null idle timeout and no marks are left out.
          const { idleMinutes, marks, ...rest }: Record<string, unknown> = { leadMinutes: null, warnings: true, ...domain };
          const filled = {
            ...rest,
            ...(idleMinutes === null ? {} : { idleMinutes }),
            ...(marks === undefined || Object.keys(marks as object).length === 0 ? {} : { marks }),
          } as WatchedDomain;
          const domains = raw.domains === domainList ? [filled] : (raw.domains ?? []);
          expect(read).toEqual(strippedSettings({ ...DEFAULTS, ...(raw as Settings), domains: domains as WatchedDomain[] }));
        },
      ),
      { numRuns: 2_000, seed: SEED },
    );
  });
});
