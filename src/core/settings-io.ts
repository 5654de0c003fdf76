/**
 * Settings to and from a file. An import is all or nothing: anything wrong
 * with the file refuses the whole of it, with a reason, and the settings in
 * use stay exactly as they were. (Reading stored settings is the forgiving
 * path; see settings.ts.)
 */
import { normalizeDomain } from './domains';
import * as v from 'valibot';
import { validateSettings } from './settings';
import { EXPORT_FORMAT, EXPORT_VERSION, SettingsFileShape, strippedSettings, type Settings, type SettingsFile } from './settings-shape';

export { EXPORT_FORMAT, EXPORT_VERSION };
/** Far above any real settings file; a larger one is refused before it is parsed. */
export const IMPORT_MAX_BYTES = 1_000_000;
/** What storage.sync can hold comfortably, split across items (see core/settings-layout.ts). */
export const MAX_DOMAINS = 500;

export type ImportErrorCode =
  | 'too-large'
  | 'empty'
  | 'not-json'
  | 'not-settings'
  | 'newer-version'
  | 'hostile-key'
  | 'too-many-domains'
  | 'invalid-domain'
  | 'invalid-field';

export interface ImportError {
  code: ImportErrorCode;
  /** What exactly: the field, the domain, the limit. */
  detail?: string;
}

/** exportSettings(s, now) -> a pretty JSON file that importSettings reads back to s. */
export function exportSettings(settings: Settings, now: number): string {
  const file: SettingsFile = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    settings: strippedSettings(settings),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const HOSTILE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Read an exported file. `byteLength` is the file's size as the browser
 * reports it, checked before the text is parsed.
 * importSettings('{"format":"session-watch-settings","version":1,"settings":{...}}', 80) -> {ok: true, settings}
 * importSettings('{"format": "session-watch-settings", "ver', 40) -> {ok: false, error: {code: 'not-json', ...}}
 */
export function importSettings(text: string, byteLength: number): { ok: true; settings: Settings } | { ok: false; error: ImportError } {
  const fail = (code: ImportErrorCode, detail?: string) => ({
    ok: false as const,
    error: detail === undefined ? { code } : { code, detail },
  });
  if (byteLength > IMPORT_MAX_BYTES || text.length > IMPORT_MAX_BYTES) return fail('too-large', String(IMPORT_MAX_BYTES));
  if (text.trim() === '') return fail('empty');

  let hostile: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (HOSTILE_KEYS.has(key)) hostile ??= key;
      return value;
    });
  } catch (e) {
    return fail('not-json', e instanceof Error ? e.message.slice(0, 120) : undefined);
  }
  if (hostile !== undefined) return fail('hostile-key', hostile);
  if (Array.isArray(parsed) || !v.is(SettingsFileShape, parsed)) return fail('not-settings');
  const file = parsed;
  if (file.version > EXPORT_VERSION) return fail('newer-version', String(file.version));

  const raw = file.settings as Record<string, unknown>;
  if (Array.isArray(raw.domains) && raw.domains.length > MAX_DOMAINS) return fail('too-many-domains', String(MAX_DOMAINS));
  const { settings, errors } = validateSettings(raw);
  if (errors.length > 0) return fail('invalid-field', errors[0]);
  for (const w of settings.domains) {
    const check = normalizeDomain(w.domain, []);
    if (!check.ok || check.domain !== w.domain) return fail('invalid-domain', w.domain);
    // The site decides which parent cookies are watched; it must be the one the list gives.
    if (check.site !== w.site) return fail('invalid-domain', w.domain);
  }
  return { ok: true, settings };
}
