/**
 * A check: one request to a site's check URL, and what its answer says of
 * the session. Only the status, whether it was a redirect, and when are
 * kept: never a header, a body or the redirect's target.
 */
import * as v from 'valibot';
import { looksLikeLogin } from './activity';
import { StoredTime } from './stored-repair';

export const CHECK_RESULTS = ['signed-in', 'signed-out', 'unknown'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** Who asked for a check: the user, the warning moment, or keep-alive. */
export const CHECK_REASONS = ['user', 'warning', 'keep-alive'] as const;
export type CheckReason = (typeof CHECK_REASONS)[number];

/** What the request to the check URL got, as the adapter reports it (the body is never read). */
export interface CheckAnswer {
  /** The HTTP status; 0 when no answer came (offline, refused, timed out). */
  status: number;
  /** For a redirect: the path it sends to, "" when it leaves the site or cannot be read; null for any other answer. */
  redirectPath: string | null;
}

/** samePath('/welcome/', '/welcome') -> true: a trailing slash makes no other page. */
function samePath(a: string, b: string): boolean {
  const trim = (p: string) => (p.endsWith('/') && p.length > 1 ? p.slice(0, -1) : p);
  return trim(a) === trim(b);
}

/**
 * What an answer says: signed in on a 2xx (redirects are not followed, so a
 * 2xx is the check URL's own answer); signed out on 401, 403 or 440, or a
 * redirect to a login page (one that looks like it, or the path the user
 * named); anything else, another redirect included, is unknown.
 * checkVerdict({status: 200, redirectPath: null}) -> 'signed-in'
 * checkVerdict({status: 302, redirectPath: '/accounts/login/'}) -> 'signed-out'
 * checkVerdict({status: 302, redirectPath: '/welcome'}, '/welcome') -> 'signed-out'
 * checkVerdict({status: 500, redirectPath: null}) -> 'unknown'
 */
export function checkVerdict(answer: CheckAnswer, loginPath?: string): CheckResult {
  const { status, redirectPath } = answer;
  if (status === 401 || status === 403 || status === 440) return 'signed-out';
  if (redirectPath !== null) {
    if (redirectPath === '') return 'unknown';
    const path = redirectPath.split(/[?#]/)[0] ?? '';
    if (looksLikeLogin(path) || (loginPath !== undefined && samePath(path, loginPath))) return 'signed-out';
    return 'unknown';
  }
  return status >= 200 && status < 300 ? 'signed-in' : 'unknown';
}

/** The last check of a site, as kept in storage.session under `checks`. */
export const SiteCheckShape = v.object({
  at: StoredTime,
  result: v.picklist(CHECK_RESULTS),
  /** The HTTP status, 0 when no answer came. */
  status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999)),
  redirected: v.boolean(),
  by: v.picklist(CHECK_REASONS),
});
export type SiteCheck = v.InferOutput<typeof SiteCheckShape>;

/** Watched domain -> its last check. */
export const ChecksLogShape = v.record(v.string(), SiteCheckShape);
export type ChecksLog = v.InferOutput<typeof ChecksLogShape>;
