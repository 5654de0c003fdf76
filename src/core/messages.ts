/**
 * Every message an extension page may send to the worker: name -> request and
 * response. The worker answers through one handler object keyed by these names.
 */
import type { DomainError } from './domain-errors';
import type { SiteCheck } from './server-check';

/** Why a check could not be made: no check URL set, the domain not watched, no access to it, one already running. */
export type CheckRefusal = 'no-check-url' | 'not-watched' | 'no-access' | 'busy';

export interface MessageMap {
  /** Validate and watch a domain (the popup's "Watch this site"; access was asked for already). */
  addDomain: {
    request: { input: string };
    response: { ok: true; domain: string } | { ok: false; error: DomainError };
  };
  /** What watching the site of a tab would mean: the domain to add and the access to ask for. */
  siteInfo: {
    request: { url: string };
    response: { ok: true; domain: string; site: string; origins: string[]; watched: boolean } | { ok: false; error: DomainError };
  };
  /** Forget ended rows the user cleared. */
  clearEnded: { request: { ids: string[] }; response: { cleared: number } };
  /** Read every watched cookie again (after access was granted). */
  rescan: { request: Record<string, never>; response: { watched: number } };
  /** The popup's "Show all cookies" switch. */
  setShowAll: { request: { on: boolean }; response: { ok: boolean } };
  /** The popup's mark of a cookie name as a site's session (true), as no session (false), or none (null). */
  setMark: { request: { domain: string; name: string; mark: boolean | null }; response: { ok: boolean } };
  /** Request the watched domain's check URL now ("Check now"); the answer is also kept with the site's last check. */
  checkNow: { request: { domain: string }; response: { ok: true; check: SiteCheck } | { ok: false; error: CheckRefusal } };
}

export type MessageName = keyof MessageMap;
export type Request<K extends MessageName> = MessageMap[K]['request'];
export type Response<K extends MessageName> = MessageMap[K]['response'];

/** The envelope on the wire. */
export type Envelope = { [K in MessageName]: { type: K; payload: Request<K> } }[MessageName];

export const MESSAGE_NAMES: readonly MessageName[] = ['addDomain', 'siteInfo', 'clearEnded', 'rescan', 'checkNow', 'setShowAll', 'setMark'];

/** isEnvelope({type: 'rescan', payload: {}}) -> true; anything else a page could send -> false */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  return typeof type === 'string' && (MESSAGE_NAMES as readonly string[]).includes(type) && typeof payload === 'object' && payload !== null;
}
