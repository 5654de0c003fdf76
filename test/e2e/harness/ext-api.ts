/**
 * The few WebExtension API shapes the tests call from inside extension pages
 * (no @types/chrome here). Type-only: evaluated functions are serialised, so
 * they reach the API through `globalThis.browser ?? globalThis.chrome`.
 */
export interface ExtCookie {
  name: string;
  domain: string;
  path: string;
  hostOnly: boolean;
  expirationDate?: number;
  storeId: string;
}

export interface ExtCookieChange {
  removed: boolean;
  cause: string;
  cookie: ExtCookie;
}

export interface ExtStorageArea {
  get(keys: null): Promise<Record<string, unknown>>;
}

export interface ExtApi {
  runtime: {
    id: string;
    getManifest(): { manifest_version: number; name: string; version: string };
    getBackgroundPage?: () => Promise<Window | null>;
  };
  storage: { local: ExtStorageArea; sync: ExtStorageArea; session?: ExtStorageArea };
  cookies: {
    getAll(details: { domain?: string }): Promise<ExtCookie[]>;
    onChanged: { addListener(cb: (change: ExtCookieChange) => void): void };
  };
  permissions: { getAll(): Promise<{ origins?: string[]; permissions?: string[] }> };
}

/** Inside an evaluated function: `const api = extApi()` is not possible (no closures), so inline this. */
export type ExtGlobal = { browser?: ExtApi; chrome?: ExtApi };
