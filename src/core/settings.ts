/**
 * Reading settings safely: every stored value is checked against its
 * schema (settings-shape.ts), a bad field falls back to its default and is
 * reported, and nothing here ever throws.
 */
import * as v from 'valibot';
import { checkUrlFor } from './check-url';
import { isIpLiteral } from './matching';
import {
  DEFAULTS,
  IDLE_MINUTES_MAX,
  KEEP_ALIVE_CAP_MINUTES_MAX,
  KEEP_ALIVE_IDLE_MINUTES_MAX,
  LEAD_MINUTES_MAX,
  LEAD_MINUTES_MIN,
  MARK_NAME_MAX,
  MARKS_MAX,
  SCHEMA_VERSION,
  type Settings,
  type WatchedDomain,
} from './settings-defaults';
import { isStoredDomain, MarkShape, SettingsShape, WatchedDomainShape } from './settings-shape';
import { isMap } from './stored-repair';

export { isStoredDomain };

export interface ValidatedSettings {
  settings: Settings;
  /** One line per repaired field, naming the field (and, from validateSettings, what was wrong); never a cookie value. */
  errors: string[];
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** What a field should hold, and what a read does instead when it does not; `domain` is the entry's own. */
interface FieldText {
  expected: (domain: string) => string;
  instead: (domain: string) => string;
}

const repairText = (expected: string, instead: string): FieldText => ({ expected: () => expected, instead: () => instead });
const WHOLE = (max: number, min = 1) => `expected a whole number from ${min} to ${max}`;

/**
 * What a read says of each thing it repaired. Only what reports repairs (the
 * worker's storage check, an import) passes them; a reader that only needs
 * the settings (the popup) gets the paths of what was wrong, and ships none of this.
 */
export interface RepairTexts {
  /** One per field of SettingsShape (the compiler checks). */
  settings: { readonly [K in keyof Settings]-?: FieldText };
  /** One per field of WatchedDomainShape (the compiler checks). */
  domain: { readonly [K in keyof WatchedDomain]-?: FieldText };
  /** A field's repair: "expected a whole number from 1 to 1440 ("soon"); using 2". */
  field: (text: FieldText, value: unknown, domain?: string) => string;
  /** Stored settings that are not an object at all. */
  notSettings: (raw: unknown) => string;
  /** An entry of the domains list that is not an entry. */
  notEntry: (raw: unknown) => string;
  /** A domain listed a second time. */
  twice: (domain: string) => string;
  /** Marks dropped from a domain's entry. */
  marksDropped: (count: number) => string;
  /** A domainChunks count that is not one (settings-layout.ts). */
  chunkCount: (raw: unknown) => string;
  /** A chunk of domains that is missing or not a list. */
  chunkMissing: () => string;
}

/** Built only where repairs are put in words: a module-level table would ship in every page that reads settings. */
export function repairTexts(): RepairTexts {
  const settings: RepairTexts['settings'] = {
    schemaVersion: repairText(`expected ${SCHEMA_VERSION}`, `read as version ${SCHEMA_VERSION}`),
    domains: repairText('expected a list', 'watching nothing'),
    leadMinutes: repairText(WHOLE(LEAD_MINUTES_MAX, LEAD_MINUTES_MIN), `using ${DEFAULTS.leadMinutes}`),
    notifyEnded: repairText('expected true or false', `using ${DEFAULTS.notifyEnded}`),
    showAllCookies: repairText('expected true or false', `using ${DEFAULTS.showAllCookies}`),
    keepAliveIdleMinutes: repairText(WHOLE(KEEP_ALIVE_IDLE_MINUTES_MAX), `using ${DEFAULTS.keepAliveIdleMinutes}`),
    keepAliveCapMinutes: repairText(WHOLE(KEEP_ALIVE_CAP_MINUTES_MAX), `using ${DEFAULTS.keepAliveCapMinutes}`),
  };

  const domain: RepairTexts['domain'] = {
    domain: repairText('not a valid domain', 'dropped'),
    site: { expected: (domain) => `not a parent of ${domain}`, instead: (domain) => `using ${domain}` },
    leadMinutes: repairText(WHOLE(LEAD_MINUTES_MAX, LEAD_MINUTES_MIN), 'using the global lead'),
    warnings: repairText('expected true or false', 'using true'),
    idleMinutes: repairText(WHOLE(IDLE_MINUTES_MAX), 'dropped'),
    checkUrl: { expected: (domain) => `expected an https URL on ${domain}`, instead: () => 'dropped' },
    loginPath: repairText('expected a path starting with /', 'dropped'),
    keepAlive: repairText('expected true or false', 'using false'),
    marks: repairText('expected names marked true or false', 'dropped'),
  };
  return {
    settings,
    domain,
    field: (t, value, domain = '') => `${t.expected(domain)} (${describe(value)}); ${t.instead(domain)}`,
    notSettings: (raw) => `expected an object, got ${describe(raw)}; using the defaults`,
    notEntry: (raw) => `expected an entry, got ${describe(raw)}; dropped`,
    twice: (domain) => `${domain} is listed twice; dropped the repeat`,
    marksDropped: (count) => `${count} invalid mark(s) dropped`,
    chunkCount: (raw) => {
      // Storage holds JSON, so anything but a number, string or boolean is shown as JSON (not "[object Object]").
      const primitive = typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean';
      return `expected a count of items (${(primitive ? String(raw) : JSON.stringify(raw)).slice(0, 20)}); read none`;
    },
    chunkMissing: () => 'missing or not a list; its domains were skipped',
  };
}

/**
 * What went wrong at `path`, in words when texts are given, else the path alone:
 * "leadMinutes: expected a whole number from 1 to 1440 ("soon"); using 2"
 */
type Report = (path: string, text: (texts: RepairTexts) => string) => void;

/** A Report that adds each repair to `errors`: the path alone, or in words with `texts`. */
export function reporter(errors: string[], texts: RepairTexts | null): Report {
  return (path, text) => errors.push(texts === null ? path : `${path}: ${text(texts)}`);
}

/** A field of a watched domain is sound when its own schema says so. */
function isField<K extends keyof WatchedDomain>(field: K, value: unknown): value is WatchedDomain[K] {
  return v.is(WatchedDomainShape.entries[field], value);
}

function validateDomain(raw: unknown, index: number, seen: Set<string>, report: Report): WatchedDomain | null {
  const at = `domains[${index}]`;
  if (!isMap(raw)) {
    report(at, (texts) => texts.notEntry(raw));
    return null;
  }
  const entry = raw;
  const wrong = (field: keyof WatchedDomain, domain = '') =>
    report(`${at}.${field}`, (texts) => texts.field(texts.domain[field], entry[field], domain));
  if (!isField('domain', entry.domain)) {
    wrong('domain');
    return null;
  }
  const domain = entry.domain;
  if (seen.has(domain)) {
    report(at, (texts) => texts.twice(domain));
    return null;
  }
  seen.add(domain);
  let site = domain;
  if (isField('site', entry.site) && !isIpLiteral(domain) && (domain === entry.site || domain.endsWith(`.${entry.site}`))) {
    site = entry.site;
  } else if (entry.site !== domain) {
    wrong('site', domain);
  }
  let leadMinutes: number | null = null;
  if (entry.leadMinutes !== null && entry.leadMinutes !== undefined) {
    if (isField('leadMinutes', entry.leadMinutes)) leadMinutes = entry.leadMinutes;
    else wrong('leadMinutes');
  }
  let warnings = true;
  if (isField('warnings', entry.warnings)) warnings = entry.warnings;
  else if (entry.warnings !== undefined) wrong('warnings');
  const result: WatchedDomain = { domain, site, leadMinutes, warnings };
  if (entry.idleMinutes !== undefined && entry.idleMinutes !== null) {
    if (isField('idleMinutes', entry.idleMinutes)) result.idleMinutes = entry.idleMinutes;
    else wrong('idleMinutes');
  }
  if (entry.checkUrl !== undefined) {
    // The one URL the extension requests on its own: it must be on this domain, whatever the file or sync says.
    const check = typeof entry.checkUrl === 'string' ? checkUrlFor(entry.checkUrl, { domain, site }) : null;
    if (check?.ok && check.url === entry.checkUrl) result.checkUrl = check.url;
    else wrong('checkUrl', domain);
  }
  if (entry.loginPath !== undefined) {
    if (isField('loginPath', entry.loginPath)) result.loginPath = entry.loginPath;
    else wrong('loginPath');
  }
  if (entry.keepAlive !== undefined) {
    if (isField('keepAlive', entry.keepAlive)) result.keepAlive = entry.keepAlive;
    else wrong('keepAlive');
  }
  if (entry.marks !== undefined) {
    if (!isMap(entry.marks)) wrong('marks');
    else {
      const marks = validMarks(entry.marks);
      if (marks.dropped > 0) report(`${at}.marks`, (texts) => texts.marksDropped(marks.dropped));
      if (Object.keys(marks.value).length > 0) result.marks = marks.value;
    }
  }
  return result;
}

/** The marks of MarkShape, at most MARKS_MAX; the others are counted and dropped. */
function validMarks(raw: Record<string, unknown>): { value: Record<string, boolean>; dropped: number } {
  // A null-prototype object: a cookie named "__proto__" is just a name here.
  const value: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  let dropped = 0;
  for (const [name, mark] of Object.entries(raw)) {
    if (v.is(MarkShape.mark, mark) && v.is(MarkShape.name, name) && Object.keys(value).length < MARKS_MAX) {
      value[name] = mark;
    } else {
      dropped++;
    }
  }
  return { value: { ...value }, dropped };
}

/**
 * Check stored settings field by field; keep what is valid. `errors` names
 * each repair: in words with `texts`, else by its path only.
 * checkSettings({leadMinutes: 'soon'}, null) -> {settings: {...DEFAULTS}, errors: ['leadMinutes']}
 */
export function checkSettings(raw: unknown, texts: RepairTexts | null): ValidatedSettings {
  const errors: string[] = [];
  const report = reporter(errors, texts);
  const settings: Settings = { ...DEFAULTS, domains: [] };
  if (raw === undefined) return { settings, errors };
  if (!isMap(raw)) {
    report('settings', (texts) => texts.notSettings(raw));
    return { settings, errors };
  }
  const stored = raw;
  const { entries } = SettingsShape;
  const wrong = (field: keyof Settings) => report(field, (t) => t.field(t.settings[field], stored[field]));
  if (stored.schemaVersion !== undefined && !v.is(entries.schemaVersion, stored.schemaVersion)) wrong('schemaVersion');
  if (Array.isArray(stored.domains)) {
    const seen = new Set<string>();
    stored.domains.forEach((entry, i) => {
      const domain = validateDomain(entry, i, seen, report);
      if (domain) settings.domains.push(domain);
    });
  } else if (stored.domains !== undefined) {
    wrong('domains');
  }
  for (const field of ['leadMinutes', 'notifyEnded', 'showAllCookies', 'keepAliveIdleMinutes', 'keepAliveCapMinutes'] as const) {
    const value = stored[field];
    if (v.is(entries[field], value)) Object.assign(settings, { [field]: value });
    else if (value !== undefined) wrong(field);
  }
  return { settings, errors };
}

/**
 * checkSettings with every repair in words, for what reports them (the storage check, an import).
 * validateSettings({leadMinutes: 'soon'}) -> {settings: {...DEFAULTS}, errors: ['leadMinutes: expected a whole number from 1 to 1440 ("soon"); using 2']}
 */
export function validateSettings(raw: unknown): ValidatedSettings {
  return checkSettings(raw, repairTexts());
}

/** withDomain(s, w) -> s with w appended (or replacing the entry of the same domain). */
export function withDomain(settings: Settings, w: WatchedDomain): Settings {
  const others = settings.domains.filter((d) => d.domain !== w.domain);
  const index = settings.domains.findIndex((d) => d.domain === w.domain);
  const domains = index === -1 ? [...others, w] : settings.domains.map((d) => (d.domain === w.domain ? w : d));
  return { ...settings, domains };
}

/** withoutDomain(s, 'example.com') -> s without that entry. */
export function withoutDomain(settings: Settings, domain: string): Settings {
  return { ...settings, domains: settings.domains.filter((d) => d.domain !== domain) };
}

/**
 * withMark(s, 'example.com', 'sid', true) -> s where example.com marks 'sid' as the session;
 * mark null removes the user's choice. Refused (s unchanged) past MARKS_MAX or MARK_NAME_MAX.
 */
export function withMark(settings: Settings, domain: string, name: string, mark: boolean | null): Settings {
  const w = settings.domains.find((d) => d.domain === domain);
  if (!w || name.length === 0 || name.length > MARK_NAME_MAX) return settings;
  const marks: Record<string, boolean> = { ...(w.marks ?? {}) };
  if (mark === null) delete marks[name];
  else {
    if (!Object.prototype.hasOwnProperty.call(marks, name) && Object.keys(marks).length >= MARKS_MAX) return settings;
    // defineProperty, not assignment: a cookie may be named "__proto__".
    Object.defineProperty(marks, name, { value: mark, enumerable: true, writable: true, configurable: true });
  }
  const next: WatchedDomain = { ...w };
  if (Object.keys(marks).length > 0) next.marks = marks;
  else delete next.marks;
  return withDomain(settings, next);
}

/** markOf(w, 'constructor') -> undefined unless the user marked a cookie of that name. */
export function markOf(w: Pick<WatchedDomain, 'marks'> | undefined, name: string): boolean | undefined {
  const marks = w?.marks;
  return marks && Object.prototype.hasOwnProperty.call(marks, name) ? marks[name] : undefined;
}

/** The warning lead for a domain in ms: its own, else the global one. */
export function leadMsFor(settings: Pick<Settings, 'leadMinutes'>, w: Pick<WatchedDomain, 'leadMinutes'> | undefined): number {
  return (w?.leadMinutes ?? settings.leadMinutes) * 60_000;
}
