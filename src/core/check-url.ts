/**
 * The check URL a user gives a watched site: the one URL Session Watch may
 * request on its own, so it must be unmistakably on that site. Accepted:
 * https (or http on the loopback, for developers' own servers), on the
 * watched domain or a subdomain of it (where the extension has access, and
 * whose requests the worker counts as the site's), no user name or password.
 * The fragment is dropped; the query is kept (an API may need it).
 */
import { CHECK_URL_MAX } from './settings-shape';
import { hostIsWatched } from './matching';

export type CheckUrlErrorCode = 'empty' | 'too-long' | 'not-url' | 'scheme' | 'not-https' | 'credentials' | 'other-site';

export interface CheckUrlError {
  code: CheckUrlErrorCode;
  /** The offending part: the scheme, the host, the limit. */
  detail?: string;
}

export type CheckUrlAnswer = { ok: true; url: string } | { ok: false; error: CheckUrlError };

/** isLoopback("127.0.0.1") -> true; isLoopback("app.localhost") -> true; isLoopback("example.com") -> false */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Validates a check URL for the watched domain w.
 * checkUrlFor(" https://bank.example/api/me#x ", {domain: 'bank.example', site: 'bank.example'})
 *   -> {ok: true, url: 'https://bank.example/api/me'}
 * checkUrlFor('http://bank.example/me', w) -> {ok: false, error: {code: 'not-https'}}
 * checkUrlFor('https://evil.example/me', w) -> {ok: false, error: {code: 'other-site', detail: 'evil.example'}}
 */
export function checkUrlFor(input: string, w: { domain: string; site: string }): CheckUrlAnswer {
  const fail = (code: CheckUrlErrorCode, detail?: string): CheckUrlAnswer => ({
    ok: false,
    error: detail === undefined ? { code } : { code, detail },
  });
  const text = input.trim();
  if (text === '') return fail('empty');
  if (text.length > CHECK_URL_MAX) return fail('too-long', String(CHECK_URL_MAX));
  const url = parse(text);
  if (url === null) return fail('not-url');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail('scheme', url.protocol.slice(0, -1));
  if (url.host === '') return fail('not-url');
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return fail('not-https');
  if (url.username !== '' || url.password !== '') return fail('credentials');
  if (hostIsWatched(url.hostname, [w]) === undefined) return fail('other-site', url.hostname);
  url.hash = '';
  const href = url.href;
  return href.length > CHECK_URL_MAX ? fail('too-long', String(CHECK_URL_MAX)) : { ok: true, url: href };
}
