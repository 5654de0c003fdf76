import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// jsdom replaces URL in some suites, so paths are built without it.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const LOCALES = join(ROOT, '_locales');
const BASE = 'en';

/** The browsers' rule for message and placeholder names (chrome.i18n and Firefox alike). */
const NAME = /^[A-Za-z0-9_@]+$/;
/** The badge shows about four characters and cuts the rest (src/background/badge-look.ts). */
const BADGE_KEYS = ['badgeExpired', 'badgeLoggedOut'];
const BADGE_CHARS = 4;
/** Chrome Web Store limits for the texts the manifest takes from the catalogue. */
const MANIFEST_LIMITS: Record<string, number> = { extName: 75, extDescription: 132 };

/**
 * Keys built at run time as `<prefix>${value}`: where the values come from.
 * Each member of the union, with '-' read as '_' (as t() does), must have a message.
 */
const FAMILIES: Record<string, { file: string; type: string }> = {
  status_: { file: 'src/core/types.ts', type: 'Status' },
  domainError_: { file: 'src/core/domain-errors.ts', type: 'DomainErrorCode' },
  leadError_: { file: 'src/core/minutes.ts', type: 'MinutesError' },
  idleError_: { file: 'src/core/minutes.ts', type: 'MinutesError' },
  historyKind_: { file: 'src/core/history.ts', type: 'HistoryKind' },
  importError_: { file: 'src/core/settings-io.ts', type: 'ImportErrorCode' },
  checkUrlError_: { file: 'src/core/check-url.ts', type: 'CheckUrlErrorCode' },
  checkRefused_: { file: 'src/core/messages.ts', type: 'CheckRefusal' },
  keepAliveMinutesError_: { file: 'src/core/minutes.ts', type: 'MinutesError' },
  serverCheck_: { file: 'src/core/server-check.ts', type: 'CheckResult' },
  historyResult_: { file: 'src/core/server-check.ts', type: 'CheckResult' },
  keepAliveStopped_: { file: 'src/core/keep-alive.ts', type: 'StopReason' },
  historyStopped_: { file: 'src/core/keep-alive.ts', type: 'StopReason' },
};

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Catalogue = Record<string, Entry>;

const locales = readdirSync(LOCALES)
  .filter((name) => statSync(join(LOCALES, name)).isDirectory())
  .sort();

function catalogueText(locale: string): string {
  return readFileSync(join(LOCALES, locale, 'messages.json'), 'utf8');
}

/** What is wrong with a parsed messages.json, entry by entry; [] when every entry is well formed. */
function shapeProblems(parsed: unknown): string[] {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return ['the file is not a JSON object'];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${key}: not an object`);
      continue;
    }
    const entry = value as Record<string, unknown>;
    if (typeof entry.message !== 'string') problems.push(`${key}: "message" is not a string`);
    if (entry.description !== undefined && typeof entry.description !== 'string') problems.push(`${key}: "description" is not a string`);
    if (entry.placeholders !== undefined) {
      const placeholders = entry.placeholders;
      if (typeof placeholders !== 'object' || placeholders === null || Array.isArray(placeholders)) {
        problems.push(`${key}: "placeholders" is not an object`);
        continue;
      }
      for (const [name, ph] of Object.entries(placeholders)) {
        if (!NAME.test(name)) problems.push(`${key}: placeholder name "${name}" is not [A-Za-z0-9_@]+`);
        if (typeof ph !== 'object' || ph === null || typeof (ph as Record<string, unknown>).content !== 'string') {
          problems.push(`${key}: placeholder "${name}" has no string "content"`);
        }
      }
    }
  }
  return problems;
}

const loaded = new Map<string, Catalogue>();
/** The locale's catalogue; throws with the reason when it is not valid (its own test names the problem). */
function catalogue(locale: string): Catalogue {
  let result = loaded.get(locale);
  if (!result) {
    const parsed: unknown = JSON.parse(catalogueText(locale));
    const problems = shapeProblems(parsed);
    if (problems.length > 0) throw new Error(`_locales/${locale}/messages.json is malformed:\n${problems.join('\n')}`);
    result = parsed as Catalogue;
    loaded.set(locale, result);
  }
  return result;
}

/**
 * The top-level keys of a JSON object in source order, repeats included:
 * JSON.parse keeps the last of two equal keys without a word.
 */
function topLevelKeys(json: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < json.length) {
    const c = json[i];
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      const raw = json.slice(i, j + 1);
      if (depth === 1 && /^\s*:/.test(json.slice(j + 1))) keys.push(JSON.parse(raw) as string);
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    if (c === '}' || c === ']') depth--;
    i++;
  }
  return keys;
}

/** "$1 of $2$$, $count$" -> {numbered: ['$1', '$2'], named: ['count']}: what a message substitutes. */
function substitutions(entry: Entry): { numbered: string[]; named: string[] } {
  const text = entry.message.replace(/\$\$/g, '');
  const named = [...text.matchAll(/\$([A-Za-z_@][A-Za-z0-9_@]*)\$/g)].map((m) => (m[1] ?? '').toLowerCase());
  const withoutNamed = text.replace(/\$([A-Za-z_@][A-Za-z0-9_@]*)\$/g, '');
  const numbered = [...withoutNamed.matchAll(/\$([1-9])/g)].map((m) => `$${m[1] ?? ''}`);
  return { numbered: [...new Set(numbered)].sort(), named: [...new Set(named)].sort() };
}

/** Placeholders by lower-cased name (the browsers ignore their case), for comparison. */
function placeholderBlock(entry: Entry): Record<string, string> {
  const block: Record<string, string> = {};
  for (const [name, ph] of Object.entries(entry.placeholders ?? {})) block[name.toLowerCase()] = ph.content;
  return block;
}

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name)) files.push(path);
  }
  return files.sort();
}

/**
 * The first argument of the call whose '(' is at `open`, as written:
 * up to the first ',' or ')' outside brackets, strings and templates.
 */
function firstArgument(source: string, open: number): string {
  let depth = 0;
  let i = open + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== c && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    if (c === '`') {
      let j = i + 1;
      let inner = 0;
      while (j < source.length && !(source[j] === '`' && inner === 0)) {
        if (source[j] === '\\') j++;
        else if (source[j] === '$' && source[j + 1] === '{') {
          inner++;
          j++;
        } else if (source[j] === '}' && inner > 0) inner--;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
    i++;
  }
  return source.slice(open + 1, i).trim();
}

/** Index of the ':' that closes the ternary whose '?' is at `question`, or -1. */
function ternaryColon(arg: string, question: number): number {
  let depth = 0;
  let open = 1;
  for (let i = question + 1; i < arg.length; i++) {
    const c = arg[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = arg.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '?' && arg[i + 1] !== '.' && arg[i + 1] !== '?' && arg[i - 1] !== '?') open++;
    else if (depth === 0 && c === ':' && --open === 0) return i;
  }
  return -1;
}

type KeyExpression = { kind: 'literal'; key: string } | { kind: 'template'; prefix: string; pattern: RegExp };

/**
 * The message keys a first argument can name: a literal, a template such as
 * `status_${status}`, or either branch of a ternary of those; [] when it is
 * something else (a variable), which this scan cannot follow.
 */
function keysOf(arg: string): KeyExpression[] {
  const literal = /^(['"])([^'"\\]*)\1$/.exec(arg);
  if (literal) return [{ kind: 'literal', key: (literal[2] ?? '').replace(/-/g, '_') }];
  const template = /^`([^`]*)`$/.exec(arg);
  if (template) {
    const body = template[1] ?? '';
    const parts = body.split(/\$\{[^}]*\}/);
    if (parts.length === 1) return [{ kind: 'literal', key: body.replace(/-/g, '_') }];
    const escaped = parts.map((p) => p.replace(/-/g, '_').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return [{ kind: 'template', prefix: (parts[0] ?? '').replace(/-/g, '_'), pattern: new RegExp(`^${escaped.join('[A-Za-z0-9_@]+')}$`) }];
  }
  let depth = 0;
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = arg.indexOf(c, i + 1);
      if (end < 0) return [];
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && c === '?' && arg[i + 1] !== '.' && arg[i + 1] !== '?' && arg[i - 1] !== '?') {
      const colon = ternaryColon(arg, i);
      if (colon < 0) return [];
      return [...keysOf(arg.slice(i + 1, colon).trim()), ...keysOf(arg.slice(colon + 1).trim())];
    }
  }
  return [];
}

interface KeyUse {
  where: string;
  expression: KeyExpression;
}

/** Every t('…') / text('…') key in src/, with where it is used. */
function keyUses(): KeyUse[] {
  const uses: KeyUse[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/\b(?:t|text)\(/g)) {
      const open = (match.index ?? 0) + match[0].length - 1;
      const line = source.slice(0, open).split('\n').length;
      for (const expression of keysOf(firstArgument(source, open))) {
        uses.push({ where: `${relative(ROOT, file)}:${line}`, expression });
      }
    }
  }
  return uses;
}

/**
 * The string members of `export type <name> = 'a' | 'b' …;` in a source file,
 * or of the `as const` array it is read from (`(typeof NAMES)[number]`).
 */
function unionMembers(file: string, name: string): string[] {
  // Comments go first: one may hold a ';' or a quote.
  const source = readFileSync(join(ROOT, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  const start = source.search(new RegExp(`export type ${name}\\s*=`));
  if (start < 0) return [];
  const end = source.indexOf(';', start);
  const body = source.slice(start, end < 0 ? undefined : end);
  const array = /^export type \w+\s*=\s*\(typeof (\w+)\)\[number\]$/.exec(body.trim());
  if (array) {
    const list = new RegExp(`export const ${array[1] ?? ''}\\s*=\\s*\\[([^\\]]*)\\]\\s*as const`).exec(source);
    return [...(list?.[1] ?? '').matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  }
  return [...body.matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe.each(locales)('_locales/%s/messages.json', (locale) => {
  it('is valid JSON whose entries each have a string message', () => {
    const parsed: unknown = JSON.parse(catalogueText(locale));
    expect(shapeProblems(parsed)).toEqual([]);
  });

  it('names no key twice', () => {
    const keys = topLevelKeys(catalogueText(locale));
    const repeated = keys.filter((key, i) => keys.indexOf(key) !== i);
    expect(repeated).toEqual([]);
  });

  it('has a folder name the browsers accept as a locale', () => {
    // Chrome and Firefox read `_locales/pt_BR`, never `pt-BR`.
    expect(locale).toMatch(/^[a-z]{2,3}(_([A-Z]{2}|[0-9]{3}))?$/);
  });

  it('has exactly the keys of en', () => {
    const base = Object.keys(catalogue(BASE));
    const own = Object.keys(catalogue(locale));
    expect({
      missing: base.filter((key) => !own.includes(key)),
      extra: own.filter((key) => !base.includes(key)),
    }).toEqual({ missing: [], extra: [] });
  });

  it('has key names Chrome accepts', () => {
    const keys = Object.keys(catalogue(locale));
    expect(keys.filter((key) => !NAME.test(key) || key.startsWith('@@'))).toEqual([]);
    // getMessage ignores case, so two keys that differ only in case would shadow each other.
    const lower = keys.map((key) => key.toLowerCase());
    expect(keys.filter((_key, i) => lower.indexOf(lower[i] ?? '') !== i)).toEqual([]);
  });

  it('has no empty message', () => {
    const empty = Object.entries(catalogue(locale))
      .filter(([, entry]) => entry.message.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('uses the same $1..$9 substitutions and named placeholders as en', () => {
    const base = catalogue(BASE);
    const mismatches: string[] = [];
    for (const [key, entry] of Object.entries(catalogue(locale))) {
      const original = base[key];
      if (!original) continue;
      const want = substitutions(original);
      const got = substitutions(entry);
      if (want.numbered.join() !== got.numbered.join()) {
        mismatches.push(`${key}: uses ${got.numbered.join(' ') || 'none'}, en uses ${want.numbered.join(' ') || 'none'}`);
      }
      if (want.named.join() !== got.named.join()) {
        mismatches.push(`${key}: names $${got.named.join('$ $') || 'none'}$, en names $${want.named.join('$ $') || 'none'}$`);
      }
      if (
        JSON.stringify(placeholderBlock(entry), Object.keys(placeholderBlock(entry)).sort()) !==
        JSON.stringify(placeholderBlock(original), Object.keys(placeholderBlock(original)).sort())
      ) {
        mismatches.push(`${key}: "placeholders" differ from en's`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it(`keeps badge texts within ${BADGE_CHARS} characters`, () => {
    const entries = catalogue(locale);
    const limits = new Map<string, number>(BADGE_KEYS.map((key) => [key, BADGE_CHARS]));
    // A description that promises a length ("At most 4 characters") is held to it too.
    for (const [key, entry] of Object.entries(catalogue(BASE))) {
      const limit = /\bat most (\d+) characters\b/i.exec(entry.description ?? '');
      if (limit) limits.set(key, Math.min(limits.get(key) ?? Infinity, Number(limit[1])));
    }
    const tooLong = [...limits]
      .filter(([key, limit]) => entries[key] !== undefined && Array.from(entries[key].message).length > limit)
      .map(([key, limit]) => `${key}: "${entries[key]?.message ?? ''}" is longer than ${limit}`);
    expect(tooLong).toEqual([]);
  });

  it('keeps the manifest name and description within the store limits', () => {
    const entries = catalogue(locale);
    const tooLong = Object.entries(MANIFEST_LIMITS)
      .filter(([key, limit]) => Array.from(entries[key]?.message ?? '').length > limit)
      .map(([key, limit]) => `${key}: longer than ${limit}`);
    expect(tooLong).toEqual([]);
  });
});

describe('keys used by the extension', () => {
  const uses = keyUses();
  const base = catalogue(BASE);

  it('finds the keys it checks', () => {
    // A scan that silently finds nothing would pass every test below.
    expect(uses.filter((use) => use.expression.kind === 'literal').length).toBeGreaterThan(50);
    expect(uses.filter((use) => use.expression.kind === 'template').length).toBeGreaterThan(0);
  });

  it('has every literal key of src/ in en', () => {
    const unknown = uses
      .filter((use): use is KeyUse & { expression: { kind: 'literal' } } => use.expression.kind === 'literal')
      .filter((use) => base[use.expression.key] === undefined)
      .map((use) => `${use.where}: ${use.expression.key}`);
    expect(unknown).toEqual([]);
  });

  it('has every __MSG_ key of the manifest in en', () => {
    const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8');
    const unknown = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1] ?? '').filter((key) => base[key] === undefined);
    expect(unknown).toEqual([]);
  });

  it('has a message in en for each template key of src/', () => {
    const unmatched = uses
      .filter((use): use is KeyUse & { expression: { kind: 'template' } } => use.expression.kind === 'template')
      .filter((use) => !Object.keys(base).some((key) => use.expression.pattern.test(key)))
      .map((use) => `${use.where}: ${use.expression.prefix}…`);
    expect(unmatched).toEqual([]);
  });

  it.each(Object.entries(FAMILIES))('has %s<value> in en for every value of its type', (prefix, { file, type }) => {
    const members = unionMembers(file, type);
    expect(members, `no string members read from ${type} in ${file}`).not.toEqual([]);
    const missing = members.map((m) => `${prefix}${m.replace(/-/g, '_')}`).filter((key) => base[key] === undefined);
    expect(missing).toEqual([]);
  });

  it('knows where the values of each template family of src/ come from', () => {
    const unknownFamilies = [
      ...new Set(
        uses.flatMap((use) =>
          use.expression.kind === 'template' && !(use.expression.prefix in FAMILIES) ? [`${use.where}: ${use.expression.prefix}`] : [],
        ),
      ),
    ];
    // Add the family to FAMILIES so each of its values is checked, not only one.
    expect(unknownFamilies).toEqual([]);
  });

  const families = [
    ...new Set([
      ...Object.keys(FAMILIES),
      ...uses.flatMap((use) => (use.expression.kind === 'template' ? [use.expression.prefix] : [])),
      'domainLeadError_',
    ]),
  ].sort();

  it.each(families.flatMap((prefix) => locales.map((locale) => [prefix, locale] as const)))(
    'has every %s message of en in %s',
    (prefix, locale) => {
      const own = catalogue(locale);
      const members = Object.keys(base).filter((key) => key.startsWith(prefix));
      expect(members.length).toBeGreaterThan(0);
      expect(members.filter((key) => own[key] === undefined)).toEqual([]);
    },
  );
});
