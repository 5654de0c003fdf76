/**
 * The one request Session Watch makes of its own: a GET of the check URL the
 * user gave, with the site's cookies as the browser sends them. Redirects
 * are not followed (`redirect: 'manual'`), so nothing leaves the URL given;
 * where a redirect would go is read from its Location header through
 * webRequest, and only its path is kept. The body is never read.
 * https://developer.mozilla.org/docs/Web/API/RequestInit#redirect
 * https://developer.chrome.com/docs/extensions/reference/api/webRequest#event-onHeadersReceived
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { CheckAnswer } from '../core/server-check';

/** An answer that takes longer than this is no answer: the check says "unknown". */
export const CHECK_TIMEOUT_MS = 15_000;

/** The status and Location of the extension's own response from `url`, heard through webRequest. */
function watchHeaders(url: string): { seen(): { status: number; location: string | null } | null; stop(): void } {
  let seen: { status: number; location: string | null } | null = null;
  const listener = (d: WebRequest.OnHeadersReceivedDetailsType): void => {
    // Only the extension's own requests have no tab; a page's request to the same URL is the user's.
    if (d.tabId !== -1 || d.url !== url) return;
    const location = d.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value ?? null;
    seen = { status: d.statusCode, location };
  };
  // No port in the pattern: Firefox refuses one (the exact URL is compared above).
  // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns
  const { protocol, hostname, pathname } = new URL(url);
  browser.webRequest.onHeadersReceived.addListener(listener, { urls: [`${protocol}//${hostname}${pathname}*`], tabId: -1 }, [
    'responseHeaders',
  ]);
  return { seen: () => seen, stop: () => browser.webRequest.onHeadersReceived.removeListener(listener) };
}

/** redirectPathOf('/login?next=/me', 'https://a.example/me') -> '/login'; another host -> '' */
export function redirectPathOf(location: string | null, from: string): string {
  if (location === null) return '';
  try {
    const target = new URL(location, from);
    return target.host === new URL(from).host ? target.pathname : '';
  } catch {
    return '';
  }
}

/**
 * Requests the check URL once: its status, and where a redirect goes (a path
 * on the same host, '' when elsewhere or unreadable); status 0 when no answer came.
 */
export async function requestCheck(url: string): Promise<CheckAnswer> {
  const headers = watchHeaders(url);
  try {
    const response = await fetch(url, {
      method: 'GET',
      credentials: 'include',
      redirect: 'manual',
      cache: 'no-store',
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    });
    // The body is never read; cancelling it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const seen = headers.seen();
    if (response.type === 'opaqueredirect') {
      return { status: seen?.status ?? 302, redirectPath: redirectPathOf(seen?.location ?? null, url) };
    }
    return { status: response.status, redirectPath: null };
  } catch {
    return { status: 0, redirectPath: null };
  } finally {
    headers.stop();
  }
}
