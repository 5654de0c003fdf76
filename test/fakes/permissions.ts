import type { Permissions } from 'webextension-polyfill';
import { browserMode } from './clock';
import { FakeEvent } from './events';

/** API permissions the manifest asks for at install. */
const MANIFEST_PERMISSIONS = ['cookies', 'storage', 'alarms', 'notifications', 'activeTab'];

type RequestBehaviour = 'grant' | 'deny' | 'hang';

const state = {
  origins: [] as string[],
  behaviour: 'grant' as RequestBehaviour,
  requests: [] as string[][],
};

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
  return (p.permissions ?? []).every((name) => MANIFEST_PERMISSIONS.includes(name)) && (p.origins ?? []).every((o) => originCovered(o));
}

function add(origins: string[]): void {
  const fresh = origins.filter((o) => !state.origins.includes(o));
  if (fresh.length === 0) return;
  state.origins.push(...fresh);
  onAdded.dispatch({ origins: fresh, permissions: [] });
}

export const permissions = {
  contains: async (p: Permissions.AnyPermissions): Promise<boolean> => has(p),
  getAll: async (): Promise<Permissions.AnyPermissions> => ({
    origins: [...state.origins],
    permissions: [...MANIFEST_PERMISSIONS],
  }),
  request: (p: Permissions.Permissions): Promise<boolean> => {
    const origins = p.origins ?? [];
    state.requests.push([...origins]);
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
    add(origins);
    return Promise.resolve(true);
  },
  remove: async (p: Permissions.Permissions): Promise<boolean> => {
    const gone = (p.origins ?? []).filter((o) => state.origins.includes(o));
    state.origins = state.origins.filter((o) => !gone.includes(o));
    if (gone.length > 0) onRemoved.dispatch({ origins: gone, permissions: [] });
    return gone.length > 0;
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
  /** Every origins list passed to permissions.request, in order. */
  requests(): string[][] {
    return state.requests.map((r) => [...r]);
  },
};

export function resetPermissions(): void {
  state.origins = [];
  state.behaviour = 'grant';
  state.requests = [];
  onAdded.clear();
  onRemoved.clear();
}
