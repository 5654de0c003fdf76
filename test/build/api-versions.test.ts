/**
 * The code calls no extension API newer than the browsers manifest.json
 * promises (minimum_chrome_version, gecko.strict_min_version), except where
 * it checks first. Every use of the polyfill's types in src/ is found with
 * the TypeScript checker (so `const area = browser.storage.local;
 * area.getKeys()` counts as storage.StorageArea.getKeys) and looked up in
 * @mdn/browser-compat-data, the data behind MDN's compatibility tables.
 * Firefox for Android (gecko_android) is not checked: the README promises
 * desktop Chrome and Firefox.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

interface Statement {
  version_added: string | boolean | null;
  version_removed?: string | boolean | null;
  flags?: unknown[];
  prefix?: string;
  alternative_name?: string;
}
interface Feature {
  __compat?: { support: Record<string, Statement | Statement[] | undefined> };
  [key: string]: unknown;
}
const bcd = createRequire(import.meta.url)('@mdn/browser-compat-data') as {
  __meta: { version: string };
  webextensions: { api: Record<string, Feature> };
};

const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
  minimum_chrome_version?: string;
  browser_specific_settings?: { gecko?: { strict_min_version?: string } };
};
/** The promised minimums, as major versions: {chrome: 120, firefox: 140}. */
const MINIMUM = {
  chrome: Number.parseInt(manifest.minimum_chrome_version ?? '', 10),
  firefox: Number.parseInt(manifest.browser_specific_settings?.gecko?.strict_min_version ?? '', 10),
};
type Browser = keyof typeof MINIMUM;
const BROWSERS = Object.keys(MINIMUM) as Browser[];

/**
 * APIs newer than a minimum that the code uses only after checking the
 * browser has them. A prefix covers everything under it.
 */
const GUARDED: readonly { api: string; file: string; guard: string; why: string }[] = [
  {
    api: 'storage.StorageArea.getKeys',
    file: 'src/platform/local-items.ts',
    guard: "typeof area.getKeys === 'function'",
    why: 'Chromium 130, Firefox 143: without it every storage.local item is read and filtered',
  },
  {
    api: 'contextualIdentities',
    file: 'src/platform/store-names.ts',
    guard: "typeof api.query === 'function'",
    why: 'Firefox only (containers); Chromium has no such namespace and rows say "Container"',
  },
  {
    api: 'cookies.getAll.firstPartyDomain',
    file: 'src/platform/cookies.ts',
    guard: "mentions(e, 'firstPartyDomain')",
    why: 'Firefox only, and Chromium rejects the key: sent only when First-Party Isolation asks for it',
  },
  {
    api: 'webRequest.onSendHeaders.details.originUrl',
    file: 'src/platform/web-requests.ts',
    guard: 'd.initiator ?? d.originUrl ?? d.documentUrl',
    why: "Firefox only: Chromium names a request's origin `initiator`, read first",
  },
  {
    api: 'webRequest.onSendHeaders.details.documentUrl',
    file: 'src/platform/web-requests.ts',
    guard: 'd.initiator ?? d.originUrl ?? d.documentUrl',
    why: "Firefox only: Chromium names a request's origin `initiator`, read first",
  },
];

/**
 * Uses BCD has no entry for, each read by hand. A key ending in `.*` covers
 * every field of that type. The event objects' own methods (events.Event:
 * addListener, removeListener) are as old as the events, which are checked.
 */
const REVIEWED_BY_HAND: Readonly<Record<string, string>> = {
  'cookies.Cookie.*':
    'the cookie fields the adapter copies, there since cookies.Cookie; the ones BCD tracks (partitionKey, expirationDate) are checked',
  'cookies.getAll.*': "getAll's domain and storeId filters, there since getAll; partitionKey and firstPartyDomain are tracked and checked",
  'action.Details.*': 'the tabId of the getters and setters of one tab, there since the methods (checked)',
  'storage.StorageChange.*': 'oldValue and newValue of a storage change, there since storage.onChanged (checked)',
  'alarms.Alarm.*': 'the object onAlarm and getAll hand back; BCD tracks alarms.Alarm but not its name and scheduledTime',
  'alarms.CreateAlarmInfoType.*': "alarms.create's `when`, there since alarms.create itself (checked)",
  'action.SetBadgeTextDetailsType.*': "setBadgeText's tabId and text, there since the method (checked)",
  'action.SetTitleDetailsType.*': "setTitle's tabId and title, there since the method (checked)",
  'action.SetBadgeBackgroundColorDetailsType.*': "setBadgeBackgroundColor's tabId and color, there since the method (checked)",
  'action.SetBadgeTextColorDetailsType.*': "setBadgeTextColor's tabId and color, there since the method (checked)",
  'cookies.OnChangedChangeInfoType.*': "cookies.onChanged's argument (removed, cookie, cause); the event is checked",
  'cookies.PartitionKey.*': 'topLevelSite of a partitioned cookie; cookies.Cookie.partitionKey is checked',
  'permissions.AnyPermissions.*': 'the origins list of permissions.getAll, there since the method (checked)',
  'permissions.Permissions.*': 'the origins asked for in contains and request, there since the methods (checked)',
  'notifications.CreateNotificationOptions.*': 'type, iconUrl, title and message: the basic notification both browsers show',
  'tabs.OnUpdatedChangeInfoType.*': 'status and url of tabs.onUpdated, there since the event (checked)',
  'tabs.OnActivatedActiveInfoType.*': 'tabId of tabs.onActivated, there since the event (checked)',
  'tabs.QueryQueryInfoType.*': 'active and currentWindow of tabs.query, there since the method (checked)',
  'tabs.UpdateUpdatePropertiesType.*': 'active of tabs.update, there since the method (checked)',
  'tabs.CreateCreatePropertiesType.*': 'url of tabs.create, there since the method (checked)',
  'windows.UpdateUpdateInfoType.*': 'focused of windows.update, there since the method (checked)',
  'windows.CreateCreateDataType.*': 'url of windows.create, there since the method (checked)',
  'webRequest.onSendHeaders.details.initiator':
    "Chromium's origin of a request (since Chrome 63; Firefox has originUrl instead), read with a fallback to Firefox's",
  'webRequest.HttpHeadersItemType.*': "name and value of a header in onHeadersReceived's responseHeaders, there since the event (checked)",
};

/** Parameter types the polyfill names after their method, mapped to BCD's name for that method. */
const BCD_NAME: Readonly<Record<string, string>> = {
  'cookies.GetAllDetailsType': 'cookies.getAll',
  // A listener's argument: BCD files its fields under the event's `details`.
  'webRequest.OnSendHeadersDetailsType': 'webRequest.onSendHeaders.details',
  'webRequest.OnCompletedDetailsType': 'webRequest.onCompleted.details',
  'webRequest.OnBeforeRedirectDetailsType': 'webRequest.onBeforeRedirect.details',
  'webRequest.OnHeadersReceivedDetailsType': 'webRequest.onHeadersReceived.details',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const POLYFILL_TYPES = /@types\/webextension-polyfill\/(?:namespaces\/(\w+)|index)\.d\.ts$/;

/** The API path a declaration in the polyfill's types stands for, e.g. "storage.StorageArea.getKeys"; null for events.Event. */
function apiPath(declaration: ts.Declaration, name: string): string | null {
  const match = POLYFILL_TYPES.exec(declaration.getSourceFile().fileName);
  if (!match) return null;
  const ns = match[1];
  if (ns === undefined) return name; // a namespace of `browser` itself
  if (ns === 'events') return null;
  const parent = declaration.parent;
  const owner = ts.isInterfaceDeclaration(parent) ? parent.name.text : '?';
  // An event type of its own (tabs.onUpdated's filters): its listener methods are as old as the event.
  if (owner.endsWith('Event') && /^(add|remove|has)Listener$/.test(name)) return null;
  const space = ns.replace(/_/g, '.');
  if (owner === 'Static') return `${space}.${name}`;
  const type = BCD_NAME[`${space}.${owner}`] ?? `${space}.${owner}`;
  return `${type}.${name}`;
}

/** Every API path src/ uses -> the files that use it. */
function usedApis(): Map<string, Set<string>> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram(sourceFiles(join(root, 'src')), config.options);
  const checker = program.getTypeChecker();
  const used = new Map<string, Set<string>>();
  const record = (symbol: ts.Symbol | undefined, name: string, file: string) => {
    for (const declaration of symbol?.declarations ?? []) {
      const path = apiPath(declaration, name);
      if (path !== null) (used.get(path) ?? used.set(path, new Set()).get(path))?.add(file);
    }
  };
  for (const source of program.getSourceFiles()) {
    if (!source.fileName.startsWith(join(root, 'src'))) continue;
    const file = relative(root, source.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) record(checker.getSymbolAtLocation(node.name), node.name.text, file);
      // Fields of the objects handed to an API: `{ domain, partitionKey: {} }` for cookies.getAll.
      if (ts.isObjectLiteralExpression(node)) {
        const contextual = checker.getContextualType(node);
        const type = contextual && checker.getNonNullableType(contextual);
        for (const property of node.properties) {
          const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
          if (type && name !== undefined) record(checker.getPropertyOfType(type, name), name, file);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return used;
}

function feature(path: string): Feature | undefined {
  let node: Feature | undefined = { ...bcd.webextensions.api };
  for (const key of path.split('.')) node = node?.[key] as Feature | undefined;
  return node?.__compat ? node : undefined;
}

/** addedIn({version_added: '≤58'}) -> 58; Infinity where the browser lacks it (false, null, behind a flag, removed). */
function addedIn(f: Feature, browser: Browser): number {
  const support = f.__compat?.support[browser];
  const statements = support === undefined ? [] : Array.isArray(support) ? support : [support];
  const versions = statements
    .filter((s) => !s.flags && !s.prefix && !s.alternative_name && !s.version_removed)
    .map((s) =>
      s.version_added === true ? 0 : typeof s.version_added === 'string' ? Number.parseFloat(s.version_added.replace('≤', '')) : NaN,
    )
    .filter((v) => !Number.isNaN(v));
  return versions.length === 0 ? Infinity : Math.min(...versions);
}

function guardFor(path: string) {
  return GUARDED.find((g) => path === g.api || path.startsWith(`${g.api}.`));
}

function reviewed(path: string): boolean {
  return path in REVIEWED_BY_HAND || `${path.slice(0, path.lastIndexOf('.'))}.*` in REVIEWED_BY_HAND;
}

describe(`extension APIs against the manifest minimums (browser-compat-data ${bcd.__meta.version})`, () => {
  let used: Map<string, Set<string>>;
  beforeAll(() => {
    used = usedApis();
  }, 60_000);

  it('reads the minimums from manifest.json: Chrome 120, Firefox 140, as the README promises', () => {
    expect(MINIMUM).toEqual({ chrome: 120, firefox: 140 });
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Chrome or Chromium (${MINIMUM.chrome} or later)`);
    expect(readme).toContain(`Firefox (${MINIMUM.firefox} or later)`);
  });

  it('finds the uses it must see, aliases included', () => {
    for (const path of [
      'cookies.getAll',
      'cookies.onChanged',
      'alarms.create',
      'storage.local',
      'storage.StorageArea.getKeys',
      'contextualIdentities.query',
    ]) {
      expect([...used.keys()], path).toContain(path);
    }
  });

  it('knows every API the code uses, from browser-compat-data or read by hand', () => {
    const unknown = [...used]
      .filter(([path]) => !feature(path) && !reviewed(path))
      .map(([path, files]) => `${path} (${[...files].join(', ')})`);
    expect(unknown, 'not in browser-compat-data: add it to REVIEWED_BY_HAND with a reason, or fix the mapping').toEqual([]);
  });

  it('uses nothing newer than the minimums without checking for it first', () => {
    const newer = [...used].flatMap(([path, files]) => {
      const f = feature(path);
      if (!f || guardFor(path)) return [];
      const late = BROWSERS.filter((b) => addedIn(f, b) > MINIMUM[b]).map((b) => `${b} ${addedIn(f, b)} > ${MINIMUM[b]}`);
      return late.length > 0 ? [`${path}: ${late.join(', ')} (${[...files].join(', ')})`] : [];
    });
    expect(newer, 'raise the minimum in manifest.json and the README, or feature-detect and list it in GUARDED').toEqual([]);
  });

  it('reads by hand only what is still used and missing from browser-compat-data', () => {
    const missing = [...used.keys()].filter((path) => !feature(path));
    const stale = Object.keys(REVIEWED_BY_HAND).filter((key) =>
      missing.every((path) => path !== key && `${path.slice(0, path.lastIndexOf('.'))}.*` !== key),
    );
    expect(stale, 'entries of REVIEWED_BY_HAND nothing needs any more').toEqual([]);
  });

  it.each(GUARDED)('$api is checked for before use, and used only in $file', ({ api, file, guard }) => {
    expect(readFileSync(join(root, file), 'utf8').includes(guard), `${file} checks: ${guard}`).toBe(true);
    const files = new Set([...used].filter(([path]) => guardFor(path)?.api === api).flatMap(([, where]) => [...where]));
    expect([...files], `${api} is used, and only where it is checked for`).toEqual([file]);
    expect(feature(api), `${api} in browser-compat-data`).toBeDefined();
  });
});
