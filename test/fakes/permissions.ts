import type { Permissions } from 'webextension-polyfill';
import { browserMode } from './clock';
import { FakeEvent } from './events';

/** API permissions the manifest asks for at install. */
const MANIFEST_PERMISSIONS = ['cookies', 'storage', 'alarms', 'notifications', 'activeTab'];

/** API permissions the manifest lists as optional: asked for later, each namespace present only once granted. */
const OPTIONAL_PERMISSIONS: readonly string[] = ['idle'];

type RequestBehaviour = 'grant' | 'deny' | 'hang';

/** An API permission name as permissions.request takes it. */
type ApiName = NonNullable<Permissions.Permissions['permissions']>[number];

const state = {
  origins: [] as string[],
  /** Optional API permissions granted so far. */
  granted: [] as ApiName[],
  behaviour: 'grant' as RequestBehaviour,
  requests: [] as string[][],
  apiRequests: [] as string[][],
};

/** Whether an optional API permission ("idle") is granted: its namespace exists only then. */
export function apiGranted(name: ApiName): boolean {
  return state.granted.includes(name);
}

interface Pattern {
  scheme: string;
  host: string;
}

function parse(pattern: string): Pattern | null {
  if (pattern === '<all_urls>') return { scheme: '*', host: '*' };
  const m = /^(\*|https?|wss?|ftp|file):\/\/([^/]*)\//.exec(pattern);
  return m ? { scheme: m[1] ?? '', host: (m[2] ?? '').toLowerCase().replace(/:\d+$/, '') } : null;
}

function schemeCovers(granted: string, wanted: string): boolean {
  if (granted === wanted) return true;
  return granted === '*' && (wanted === 'http' || wanted === 'https');
}

function hostCovers(granted: string, wanted: string): boolean {
  if (granted === '*') return true;
  if (granted.startsWith('*.')) {
    const base = granted.slice(2);
    const w = wanted.startsWith('*.') ? wanted.slice(2) : wanted;
    return w === base || w.endsWith(`.${base}`);
  }
  return granted === wanted;
}

/** Whether the granted origins include the pattern `wanted` (the paths are ignored, as both browsers do for origins). */
export function originCovered(wanted: string): boolean {
  const w = parse(wanted);
  if (!w) return false;
  return state.origins.some((g) => {
    const p = parse(g);
    return p !== null && schemeCovers(p.scheme, w.scheme) && hostCovers(p.host, w.host);
  });
}

/**
 * Whether the extension may see a cookie. Chromium asks for access to the
 * cookie's own host (".example.com" needs example.com); Firefox also lets an
 * extension with access to a subdomain read its parents' domain cookies.
 * https://searchfox.org/mozilla-central/source/toolkit/components/extensions/MatchPattern.cpp (MatchesCookie)
 */
export function cookieAccessible(c: { domain: string; hostOnly: boolean; secure: boolean }): boolean {
  const host = c.domain.replace(/^\./, '').toLowerCase();
  return state.origins.some((g) => {
    const p = parse(g);
    if (!p) return false;
    if (!(p.scheme === '*' || p.scheme === 'https' || (p.scheme === 'http' && !c.secure))) return false;
    if (hostCovers(p.host, host)) return true;
    if (browserMode() === 'firefox' && !c.hostOnly) {
      const h = p.host.startsWith('*.') ? p.host.slice(2) : p.host;
      return h.endsWith(`.${host}`);
    }
    return false;
  });
}

const onAdded = new FakeEvent<(permissions: Permissions.Permissions) => void>();
const onRemoved = new FakeEvent<(permissions: Permissions.Permissions) => void>();

function has(p: Permissions.AnyPermissions): boolean {
  return (
    (p.permissions ?? []).every((name) => MANIFEST_PERMISSIONS.includes(name) || (state.granted as readonly string[]).includes(name)) &&
    (p.origins ?? []).every((o) => originCovered(o))
  );
}

function add(origins: string[], names: readonly ApiName[] = []): void {
  const fresh = origins.filter((o) => !state.origins.includes(o));
  const freshNames = names.filter((n) => !state.granted.includes(n) && !MANIFEST_PERMISSIONS.includes(n));
  if (fresh.length === 0 && freshNames.length === 0) return;
  state.origins.push(...fresh);
  state.granted.push(...freshNames);
  onAdded.dispatch({ origins: fresh, permissions: freshNames });
}

function removeNames(names: readonly ApiName[]): ApiName[] {
  const gone = names.filter((n) => state.granted.includes(n));
  state.granted = state.granted.filter((n) => !gone.includes(n));
  return gone;
}

export const permissions = {
  contains: async (p: Permissions.AnyPermissions): Promise<boolean> => has(p),
  getAll: async (): Promise<Permissions.AnyPermissions> => ({
    origins: [...state.origins],
    permissions: [...MANIFEST_PERMISSIONS, ...state.granted],
  }),
  request: (p: Permissions.Permissions): Promise<boolean> => {
    const origins = p.origins ?? [];
    const names = p.permissions ?? [];
    // An API permission request is recorded apart, so the origin requests tests count stay as they were.
    if (names.length === 0 || origins.length > 0) state.requests.push([...origins]);
    if (names.length > 0) state.apiRequests.push([...names]);
    for (const name of names) {
      // Only what optional_permissions lists may be requested.
      if (!OPTIONAL_PERMISSIONS.includes(name) && !MANIFEST_PERMISSIONS.includes(name)) {
        return Promise.reject(new Error(`Only permissions specified in the manifest may be requested: ${name}`));
      }
    }
    for (const o of origins) {
      // Only what optional_host_permissions ("*://*/*") lists may be requested.
      const parsed = parse(o);
      if (!parsed || !['*', 'http', 'https'].includes(parsed.scheme)) {
        return Promise.reject(new Error(`Only permissions specified in the manifest may be requested: ${o}`));
      }
    }
    if (has(p)) return Promise.resolve(true);
    if (state.behaviour === 'hang') return new Promise<boolean>(() => {});
    if (state.behaviour === 'deny') return Promise.resolve(false);
    add(origins, names);
    return Promise.resolve(true);
  },
  remove: async (p: Permissions.Permissions): Promise<boolean> => {
    const gone = (p.origins ?? []).filter((o) => state.origins.includes(o));
    state.origins = state.origins.filter((o) => !gone.includes(o));
    const goneNames = removeNames(p.permissions ?? []);
    if (gone.length > 0 || goneNames.length > 0) onRemoved.dispatch({ origins: gone, permissions: goneNames });
    return gone.length > 0 || goneNames.length > 0;
  },
  onAdded,
  onRemoved,
};

/** Test controls: what the user answers, and access granted up front (like a test build's host_permissions). */
export const fakePermissions = {
  /** The user's answer to the next permissions.request: grant (default), deny, or a prompt nobody answers (headless Chromium). */
  answerRequests(behaviour: RequestBehaviour): void {
    state.behaviour = behaviour;
  },
  /** Grants origins as the user would, firing onAdded. */
  grant(origins: string[]): void {
    add(origins);
  },
  /** Grants origins as the manifest would: no event. */
  grantAtInstall(origins: string[]): void {
    for (const o of origins) if (!state.origins.includes(o)) state.origins.push(o);
  },
  /** Grants optional API permissions ("idle") as the user would, firing onAdded. */
  grantApi(...names: ApiName[]): void {
    add([], names);
  },
  /** Takes optional API permissions back, as the browser's settings would, firing onRemoved. */
  revokeApi(...names: ApiName[]): void {
    const gone = removeNames(names);
    if (gone.length > 0) onRemoved.dispatch({ origins: [], permissions: gone });
  },
  /** Every list of API permissions passed to permissions.request, in order. */
  apiRequests(): string[][] {
    return state.apiRequests.map((r) => [...r]);
  },
  /** Every origins list passed to permissions.request, in order. */
  requests(): string[][] {
    return state.requests.map((r) => [...r]);
  },
};

export function resetPermissions(): void {
  state.origins = [];
  state.granted = [];
  state.behaviour = 'grant';
  state.requests = [];
  state.apiRequests = [];
  onAdded.clear();
  onRemoved.clear();
}
