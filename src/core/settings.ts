/**
 * Reading settings safely: every stored value is checked, a bad field falls
 * back to its default and is reported, and nothing here ever throws.
 */
import { isIpLiteral } from './matching';
import {
  DEFAULTS,
  IDLE_MINUTES_MAX,
  LEAD_MINUTES_MAX,
  LEAD_MINUTES_MIN,
  MARK_NAME_MAX,
  MARKS_MAX,
  SCHEMA_VERSION,
  type Settings,
  type WatchedDomain,
} from './settings-defaults';

export interface ValidatedSettings {
  settings: Settings;
  /** One line per repaired field, naming the field and what was wrong; never a cookie value. */
  errors: string[];
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** isStoredDomain("app.example.com") -> true; isStoredDomain("Example.com") -> false (stored names are normalised) */
export function isStoredDomain(value: unknown): value is string {
  return typeof value === 'string' && (HOSTNAME.test(value) || IPV6.test(value));
}

function isWholeInRange(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= LEAD_MINUTES_MIN && value <= LEAD_MINUTES_MAX;
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function validateDomain(raw: unknown, index: number, seen: Set<string>, errors: string[]): WatchedDomain | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.push(`domains[${index}]: expected an entry, got ${describe(raw)}; dropped`);
    return null;
  }
  const entry = raw as Record<string, unknown>;
  if (!isStoredDomain(entry.domain)) {
    errors.push(`domains[${index}].domain: not a valid domain (${describe(entry.domain)}); dropped`);
    return null;
  }
  const domain = entry.domain;
  if (seen.has(domain)) {
    errors.push(`domains[${index}]: ${domain} is listed twice; dropped the repeat`);
    return null;
  }
  seen.add(domain);
  let site = domain;
  if (isStoredDomain(entry.site) && !isIpLiteral(domain) && (domain === entry.site || domain.endsWith(`.${entry.site}`))) {
    site = entry.site;
  } else if (entry.site !== domain) {
    errors.push(`domains[${index}].site: not a parent of ${domain} (${describe(entry.site)}); using ${domain}`);
  }
  let leadMinutes: number | null = null;
  if (entry.leadMinutes !== null && entry.leadMinutes !== undefined) {
    if (isWholeInRange(entry.leadMinutes)) leadMinutes = entry.leadMinutes;
    else
      errors.push(
        `domains[${index}].leadMinutes: expected a whole number from ${LEAD_MINUTES_MIN} to ${LEAD_MINUTES_MAX} (${describe(entry.leadMinutes)}); using the global lead`,
      );
  }
  let warnings = true;
  if (typeof entry.warnings === 'boolean') warnings = entry.warnings;
  else if (entry.warnings !== undefined)
    errors.push(`domains[${index}].warnings: expected true or false (${describe(entry.warnings)}); using true`);
  const result: WatchedDomain = { domain, site, leadMinutes, warnings };
  if (entry.idleMinutes !== undefined && entry.idleMinutes !== null) {
    const idle = entry.idleMinutes;
    if (typeof idle === 'number' && Number.isInteger(idle) && idle >= 1 && idle <= IDLE_MINUTES_MAX) result.idleMinutes = idle;
    else errors.push(`domains[${index}].idleMinutes: expected a whole number from 1 to ${IDLE_MINUTES_MAX} (${describe(idle)}); dropped`);
  }
  if (entry.marks !== undefined) {
    const marks = validateMarks(entry.marks);
    if (marks.error) errors.push(`domains[${index}].marks: ${marks.error}`);
    if (Object.keys(marks.value).length > 0) result.marks = marks.value;
  }
  return result;
}

/** Own string keys with boolean values, bounded; anything else is dropped. */
function validateMarks(raw: unknown): { value: Record<string, boolean>; error?: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { value: {}, error: `expected names marked true or false (${describe(raw)}); dropped` };
  }
  // A null-prototype object: a cookie named "__proto__" is just a name here.
  const value: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  let dropped = 0;
  for (const [name, mark] of Object.entries(raw)) {
    if (typeof mark === 'boolean' && name.length > 0 && name.length <= MARK_NAME_MAX && Object.keys(value).length < MARKS_MAX) {
      value[name] = mark;
    } else {
      dropped++;
    }
  }
  return dropped > 0 ? { value: { ...value }, error: `${dropped} invalid mark(s) dropped` } : { value: { ...value } };
}

/**
 * Check stored settings field by field; keep what is valid.
 * validateSettings({leadMinutes: 'soon'}) -> {settings: {...DEFAULTS}, errors: ['leadMinutes: ...']}
 */
export function validateSettings(raw: unknown): ValidatedSettings {
  const errors: string[] = [];
  const settings: Settings = { ...DEFAULTS, domains: [] };
  if (raw === undefined) return { settings, errors };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.push(`settings: expected an object, got ${describe(raw)}; using the defaults`);
    return { settings, errors };
  }
  const stored = raw as Record<string, unknown>;
  if (stored.schemaVersion !== undefined && stored.schemaVersion !== SCHEMA_VERSION) {
    errors.push(`schemaVersion: expected ${SCHEMA_VERSION} (${describe(stored.schemaVersion)}); read as version ${SCHEMA_VERSION}`);
  }
  if (Array.isArray(stored.domains)) {
    const seen = new Set<string>();
    stored.domains.forEach((entry, i) => {
      const domain = validateDomain(entry, i, seen, errors);
      if (domain) settings.domains.push(domain);
    });
  } else if (stored.domains !== undefined) {
    errors.push(`domains: expected a list (${describe(stored.domains)}); watching nothing`);
  }
  if (isWholeInRange(stored.leadMinutes)) settings.leadMinutes = stored.leadMinutes;
  else if (stored.leadMinutes !== undefined) {
    errors.push(
      `leadMinutes: expected a whole number from ${LEAD_MINUTES_MIN} to ${LEAD_MINUTES_MAX} (${describe(stored.leadMinutes)}); using ${DEFAULTS.leadMinutes}`,
    );
  }
  if (typeof stored.notifyEnded === 'boolean') settings.notifyEnded = stored.notifyEnded;
  else if (stored.notifyEnded !== undefined)
    errors.push(`notifyEnded: expected true or false (${describe(stored.notifyEnded)}); using ${DEFAULTS.notifyEnded}`);
  if (typeof stored.showAllCookies === 'boolean') settings.showAllCookies = stored.showAllCookies;
  else if (stored.showAllCookies !== undefined)
    errors.push(`showAllCookies: expected true or false (${describe(stored.showAllCookies)}); using ${DEFAULTS.showAllCookies}`);
  return { settings, errors };
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
