import { describe, expect, it } from 'vitest';
import { leadMsFor, markOf, validateSettings, withDomain, withMark, withoutDomain } from '../../src/core/settings';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';

const example = { domain: 'example.com', site: 'example.com', leadMinutes: null, warnings: true };
const app = { domain: 'app.example.test', site: 'example.test', leadMinutes: 5, warnings: false };

describe('validateSettings', () => {
  it('gives the defaults, with no error, when nothing is stored', () => {
    expect(validateSettings(undefined)).toEqual({ settings: DEFAULTS, errors: [] });
  });

  it('keeps valid settings exactly', () => {
    const stored = {
      schemaVersion: 1,
      domains: [example, app],
      leadMinutes: 10,
      notifyEnded: false,
      showAllCookies: true,
      keepAliveIdleMinutes: 5,
      keepAliveCapMinutes: 60,
    };
    expect(validateSettings(stored)).toEqual({ settings: stored, errors: [] });
  });

  it.each([
    ['a string', 'hello', 'settings: expected an object'],
    ['a list', [1, 2], 'settings: expected an object'],
    ['null', null, 'settings: expected an object'],
  ])('falls back to the defaults for %s', (_name, raw, error) => {
    const result = validateSettings(raw);
    expect(result.settings).toEqual(DEFAULTS);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain(error);
  });

  it.each([
    ['leadMinutes', { leadMinutes: 'soon' }, { leadMinutes: 2 }],
    ['leadMinutes', { leadMinutes: 0 }, { leadMinutes: 2 }],
    ['leadMinutes', { leadMinutes: 2.5 }, { leadMinutes: 2 }],
    ['leadMinutes', { leadMinutes: 1441 }, { leadMinutes: 2 }],
    ['notifyEnded', { notifyEnded: 'yes' }, { notifyEnded: true }],
    ['showAllCookies', { showAllCookies: 1 }, { showAllCookies: false }],
    ['domains', { domains: 'example.com' }, { domains: [] }],
    ['schemaVersion', { schemaVersion: 'x' }, {}],
    ['keepAliveIdleMinutes', { keepAliveIdleMinutes: 0 }, { keepAliveIdleMinutes: 10 }],
    ['keepAliveIdleMinutes', { keepAliveIdleMinutes: 121 }, { keepAliveIdleMinutes: 10 }],
    ['keepAliveCapMinutes', { keepAliveCapMinutes: 721 }, { keepAliveCapMinutes: 240 }],
    ['keepAliveCapMinutes', { keepAliveCapMinutes: '4h' }, { keepAliveCapMinutes: 240 }],
  ])('repairs a bad %s and reports it, keeping the rest', (field, bad, repaired) => {
    const stored = {
      schemaVersion: 1,
      domains: [example],
      leadMinutes: 7,
      notifyEnded: false,
      showAllCookies: false,
      keepAliveIdleMinutes: 10,
      keepAliveCapMinutes: 240,
      ...bad,
    };
    const result = validateSettings(stored);
    expect(result.settings).toEqual({ ...stored, schemaVersion: 1, ...repaired });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(new RegExp(`^${field}`));
  });

  it('keeps a check URL on the domain, a login path and the keep-alive switch', () => {
    const w = { ...app, checkUrl: 'https://api.app.example.test/me', loginPath: '/welcome', keepAlive: true };
    expect(validateSettings({ domains: [w] })).toEqual({ settings: { ...DEFAULTS, domains: [w] }, errors: [] });
  });

  it.each([
    ['another site', 'https://evil.test/me', 'expected an https URL on app.example.test'],
    ['a parent of the domain', 'https://example.test/me', 'expected an https URL on app.example.test'],
    ['plain http off the loopback', 'http://app.example.test/me', 'expected an https URL on app.example.test'],
    ['a URL not in its normal form', 'https://APP.example.test/me#x', 'expected an https URL on app.example.test'],
    ['not text', 42, 'expected an https URL on app.example.test'],
  ])('drops a check URL on %s, keeping the rest of the entry', (_name, checkUrl, error) => {
    const result = validateSettings({ domains: [{ ...app, checkUrl, keepAlive: true }] });
    expect(result.settings.domains).toEqual([{ ...app, keepAlive: true }]);
    expect(result.errors).toEqual([expect.stringContaining(`domains[0].checkUrl: ${error}`)]);
  });

  it.each([
    ['loginPath', 'welcome', 'expected a path starting with /'],
    ['loginPath', `/${'x'.repeat(200)}`, 'expected a path starting with /'],
    ['keepAlive', 'yes', 'expected true or false'],
  ])('drops a bad %s and reports it', (field, value, error) => {
    const result = validateSettings({ domains: [{ ...app, [field]: value }] });
    expect(result.settings.domains).toEqual([app]);
    expect(result.errors).toEqual([expect.stringContaining(`domains[0].${field}: ${error}`)]);
  });

  it('drops only the broken domain entries', () => {
    const result = validateSettings({
      domains: [example, 42, { domain: 'Not A Domain' }, { domain: '<img src=x>' }, { ...example }, app],
    });
    expect(result.settings.domains).toEqual([example, app]);
    expect(result.errors).toHaveLength(4);
    expect(result.errors.join('\n')).toContain('domains[4]: example.com is listed twice');
  });

  it('repairs the fields of a domain entry one by one', () => {
    const result = validateSettings({
      domains: [{ domain: 'app.example.com', site: 'evil.com', leadMinutes: -3, warnings: 'no' }],
    });
    expect(result.settings.domains).toEqual([{ domain: 'app.example.com', site: 'app.example.com', leadMinutes: null, warnings: true }]);
    expect(result.errors).toHaveLength(3);
  });

  it('never echoes a long stored value in full', () => {
    const result = validateSettings({ leadMinutes: 'x'.repeat(10_000) });
    expect(result.errors[0]!.length).toBeLessThan(200);
  });
});

describe('withDomain / withoutDomain', () => {
  const base = { ...DEFAULTS, domains: [example] };
  it('appends a new domain', () => {
    expect(withDomain(base, app).domains).toEqual([example, app]);
  });
  it('replaces the entry of the same domain in place', () => {
    const changed = { ...example, leadMinutes: 9 };
    expect(withDomain({ ...base, domains: [example, app] }, changed).domains).toEqual([changed, app]);
  });
  it('removes a domain and leaves the input untouched', () => {
    expect(withoutDomain(base, 'example.com').domains).toEqual([]);
    expect(base.domains).toEqual([example]);
  });
});

describe('leadMsFor', () => {
  it('uses the domain override, else the global lead', () => {
    expect(leadMsFor({ leadMinutes: 2 }, { leadMinutes: 5 })).toBe(300_000);
    expect(leadMsFor({ leadMinutes: 2 }, { leadMinutes: null })).toBe(120_000);
    expect(leadMsFor({ leadMinutes: 2 }, undefined)).toBe(120_000);
  });
});

describe('idle timeouts and marks', () => {
  it('keeps a valid idle timeout and marks', () => {
    const entry = { ...example, idleMinutes: 15, marks: { sid: true, theme: false } };
    expect(validateSettings({ domains: [entry] })).toEqual({ settings: { ...DEFAULTS, domains: [entry] }, errors: [] });
  });

  it.each([0, 2.5, -1, 10_081, '15'])('drops an idle timeout of %j and says so', (idleMinutes) => {
    const result = validateSettings({ domains: [{ ...example, idleMinutes }] });
    expect(result.settings.domains).toEqual([example]);
    expect(result.errors[0]).toMatch(/^domains\[0\]\.idleMinutes/);
  });

  it('keeps only well-formed marks, and a cookie named __proto__ is just a name', () => {
    const marks: unknown = JSON.parse('{"__proto__": true, "sid": "yes", "ok": false, "": true}');
    const result = validateSettings({ domains: [{ ...example, marks }] });
    const kept: unknown = JSON.parse('{"__proto__": true, "ok": false}');
    expect(result.settings.domains[0]!.marks).toEqual(kept);
    expect(Object.getPrototypeOf(result.settings.domains[0]!.marks)).toBe(Object.prototype);
    expect(result.errors).toEqual(['domains[0].marks: 2 invalid mark(s) dropped']);
  });

  it('withMark sets, changes and clears a mark', () => {
    const base = { ...DEFAULTS, domains: [example] };
    const marked = withMark(base, 'example.com', 'sid', true);
    expect(marked.domains[0]!.marks).toEqual({ sid: true });
    expect(withMark(marked, 'example.com', 'sid', false).domains[0]!.marks).toEqual({ sid: false });
    expect(withMark(marked, 'example.com', 'sid', null).domains[0]).toEqual(example);
    expect(withMark(base, 'other.com', 'sid', true)).toBe(base);
    expect(withMark(base, 'example.com', 'x'.repeat(129), true)).toBe(base);
  });

  it('withMark keeps a cookie named __proto__ or constructor as a plain name', () => {
    const base = { ...DEFAULTS, domains: [example] };
    const marked = withMark(withMark(base, 'example.com', '__proto__', true), 'example.com', 'constructor', false);
    const w = marked.domains[0]!;
    expect(Object.keys(w.marks!)).toEqual(['__proto__', 'constructor']);
    expect(markOf(w, '__proto__')).toBe(true);
    expect(markOf(w, 'constructor')).toBe(false);
    expect(markOf({}, 'constructor')).toBeUndefined();
    expect(markOf(w, 'toString')).toBeUndefined();
    expect(validateSettings(JSON.parse(JSON.stringify(marked))).settings).toEqual(marked);
  });

  it('withMark refuses a 21st mark rather than outgrow storage.sync', () => {
    let s: Settings = { ...DEFAULTS, domains: [example] };
    for (let i = 0; i < 20; i++) s = withMark(s, 'example.com', `c${i}`, true);
    expect(withMark(s, 'example.com', 'one-more', true)).toBe(s);
    expect(withMark(s, 'example.com', 'c3', false)).not.toBe(s);
  });
});
