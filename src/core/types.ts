/**
 * The product's data, shared by the worker and the views. Times are epoch
 * milliseconds unless a name says otherwise. A cookie's value never appears
 * here: it is not read into any of these shapes, so it cannot be stored.
 */

/** A cookie as the cookies API reports it, minus its value. */
export interface CookieInfo {
  name: string;
  /** ".example.com" for a domain cookie, "example.com" for a host-only one. */
  domain: string;
  path: string;
  storeId: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  /** "no_restriction" | "lax" | "strict" | "unspecified" */
  sameSite: string;
  /** Seconds since the epoch (Firefox adds a fraction); absent for a browser-session cookie. */
  expirationDate?: number;
  /**
   * When the JWT in the cookie's value expires (ms), read from the value as
   * it arrives and the value then dropped; absent when it is not a JWT.
   */
  tokenExpiresAt?: number | null;
  /** The top-level site a partitioned (CHIPS) cookie is kept for, e.g. "https://example.com". */
  partition?: string;
}

/** Why a watched cookie is gone. */
export type EndCause =
  /** Its expiry passed. */
  | 'expired'
  /** The site removed it (Max-Age=0, an expiry in the past, an explicit removal). */
  | 'logged-out'
  /** The browser dropped it to make room. */
  | 'evicted'
  /** It was no longer in the cookie store when the worker looked (browser restarted, cleared elsewhere). */
  | 'missing';

/** What the worker keeps about one watched cookie, in storage.local under `cookie:<id>`. */
export interface CookieRecord {
  /** `${storeId}|${domain}|${path}|${name}`: a cookie's identity in the browser. */
  id: string;
  name: string;
  domain: string;
  path: string;
  storeId: string;
  hostOnly: boolean;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string;
  /** When the cookie expires (ms), or null for a browser-session cookie. */
  expiresAt: number | null;
  firstSeen: number;
  /** When the cookie was last (re)set by the site. */
  lastRefreshed: number;
  /** Set once the cookie is gone; the row stays until a new cookie of that name arrives or the user clears it. */
  ended: { cause: EndCause; at: number } | null;
  /** How many times the site re-sent it with a later expiry: the evidence of a sliding session. */
  refreshes?: number;
  /** The lifetime the latest set or refresh granted (expiry minus when it was set), ms; null without expiry. */
  grantMs?: number | null;
  /** When the JWT in its value expires (ms); the token itself is never kept. */
  tokenExpiresAt?: number | null;
  /** The top-level site of a partitioned (CHIPS) cookie. */
  partition?: string;
}

/** What a row of the popup says about a cookie right now. */
export type Status = 'active' | 'expiring' | 'expired' | 'logged-out' | 'browser-session';

/** The `cause` of a cookies.onChanged event, as both browsers name it. */
export type ChangeCause = 'evicted' | 'expired' | 'explicit' | 'expired_overwrite' | 'overwrite';
