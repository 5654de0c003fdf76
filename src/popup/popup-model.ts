import type { KeepAliveLog } from '../core/keep-alive';
import type { ServerKnowledge } from '../core/lifetime';
import type { Response } from '../core/messages';
import type { ChecksLog } from '../core/server-check';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';

/** What the worker says the current tab's site would be, when it can be watched. */
export interface SiteOffer {
  domain: string;
  origins: string[];
}

/** Everything the popup shows, as plain data. */
export interface PopupModel {
  settings: Settings;
  /** Every watched cookie the worker knows of, in no particular order. */
  records: readonly CookieRecord[];
  /** The current tab's host name, when it is a web page. */
  currentHost: string | null;
  offer: SiteOffer | null;
  /** Watched domains the extension may not read the cookies of. */
  accessMissing: readonly string[];
  /** Container names by cookie store id, for the rows of containers. */
  storeNames: Readonly<Record<string, string>>;
  /** What the worker saw of the servers: when each site last got a request, and the idle timeouts learned. */
  server: ServerKnowledge;
  /** Each site's last check and keep-alive, by watched domain; absent until read, after the first paint. */
  checks?: Readonly<ChecksLog>;
  keepAlive?: Readonly<KeepAliveLog>;
  /** Only while `records` is the first screen: how many rows the whole list has, and how many cookies it leaves out. */
  counts?: { listed: number; hidden: number };
}

/** What the popup can do; each returns the platform call's own promise. */
export interface PopupActions {
  openOptionsPage(): Promise<void>;
  /** Must be called before any await in a click handler (Firefox drops the gesture after one). */
  requestOrigins(origins: string[]): Promise<boolean>;
  addDomain(input: string): Promise<Response<'addDomain'>>;
  rescan(): Promise<unknown>;
  clearEnded(ids: string[]): Promise<unknown>;
  /** "Show all cookies"; rejects when it could not be saved. */
  setShowAll(on: boolean): Promise<void>;
  /** Marks a cookie name as the site's session (true), as none (false), or clears the mark (null); rejects when refused. */
  setMark(domain: string, name: string, mark: boolean | null): Promise<void>;
  /** Requests the site's check URL now. */
  checkNow: (domain: string) => Promise<Response<'checkNow'>>;
}
