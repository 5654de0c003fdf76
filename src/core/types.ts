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

/** The stored record of a watched cookie is declared once, in record-shape.ts. */
export type { CookieRecord, EndCause } from './record-shape';

/** What a row of the popup says about a cookie right now. */
export type Status = 'active' | 'expiring' | 'expired' | 'logged-out' | 'ended-by-server' | 'browser-session';

/** The `cause` of a cookies.onChanged event, as both browsers name it. */
export type ChangeCause = 'evicted' | 'expired' | 'explicit' | 'expired_overwrite' | 'overwrite';
