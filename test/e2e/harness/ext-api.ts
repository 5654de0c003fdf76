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
  tabs: { query(info: Record<string, never>): Promise<{ id?: number; url?: string }[]> };
  action: {
    getBadgeText(details: { tabId: number }): Promise<string>;
    getBadgeBackgroundColor(details: { tabId: number }): Promise<number[]>;
    /** Chromium 110+, Firefox 63+. */
    getBadgeTextColor?: (details: { tabId: number }) => Promise<number[]>;
    getTitle(details: { tabId: number }): Promise<string>;
  };
  notifications: {
    create(id: string, options: ExtNotificationOptions): Promise<string>;
    /** Ids only: neither browser hands back a notification's content. */
    getAll(): Promise<Record<string, unknown>>;
    clear(id: string): Promise<boolean>;
    onClosed: { addListener(cb: (id: string, byUser: boolean) => void): void };
  };
}

export interface ExtNotificationOptions {
  type?: string;
  title?: string;
  message?: string;
}

/** Inside an evaluated function: `const api = extApi()` is not possible (no closures), so inline this. */
export type ExtGlobal = { browser?: ExtApi; chrome?: ExtApi };
