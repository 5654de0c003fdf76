/**
 * The requests the browser sends, observed and never blocked. The browser
 * only reports requests to URLs the extension has host access to, which it
 * asks for per watched site, so unwatched browsing never reaches this code.
 * What leaves this file is a request's host, method, path (for telling a
 * login or a logout from a page; no query string) and status: no header,
 * no body, no full URL.
 * https://developer.chrome.com/docs/extensions/reference/api/webRequest
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import { isSignedOutStatus } from '../core/activity';

export interface RequestSent {
  host: string;
  /** Sent by the extension itself (a check or a keep-alive): no tab, and the extension as its initiator. */
  own: boolean;
  method: string;
  /** The URL's path only. */
  path: string;
}

export interface RequestAnswered {
  host: string;
  /** The answer to the extension's own request (a check or a keep-alive), which the check itself decides. */
  own: boolean;
  status: number;
  /** For a redirect: the path it sends to (on any host), to tell a login page; null for any other answer. */
  redirectPath: string | null;
}

const FILTER: WebRequest.RequestFilter = { urls: ['http://*/*', 'https://*/*'] };

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The extension's own origin, as webRequest names the initiator of its
 * requests ("chrome-extension://id"): cut from its base URL, because
 * `URL.origin` of a scheme the URL standard does not know is "null" where a
 * browser does not special-case it. https://url.spec.whatwg.org/#origin
 */
function ownOrigin(): string {
  return browser.runtime.getURL('/').replace(/\/$/, '');
}

/**
 * Whether the extension sent the request: it has no tab, and its initiator
 * (Chromium) or origin (Firefox) is the extension's own.
 * https://developer.chrome.com/docs/extensions/reference/api/webRequest#type-OnSendHeadersDetails
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/onSendHeaders#details
 */
function isOwn(d: Pick<WebRequest.OnSendHeadersDetailsType, 'tabId' | 'initiator' | 'originUrl' | 'documentUrl'>): boolean {
  if (d.tabId !== -1) return false;
  const from = d.initiator ?? d.originUrl ?? d.documentUrl;
  const own = ownOrigin();
  return from !== undefined && (from === own || from.startsWith(`${own}/`));
}

/**
 * The listener every webRequest event goes through: `wanted` sees the host
 * first, from memory when it can, and a request it declines costs nothing more.
 */
function filtered<D extends { url: string }, T>(
  wanted: (host: string) => boolean | Promise<boolean>,
  toEvent: (details: D, url: URL) => T,
  cb: (event: T) => void,
): (details: D) => void {
  return (details) => {
    const url = parse(details.url);
    if (url === null) return;
    const answer = wanted(url.hostname);
    if (answer === true) cb(toEvent(details, url));
    else if (answer !== false) {
      // A failed answer is the caller's to report (it made the promise); the event is dropped.
      answer.then(
        (yes) => (yes ? cb(toEvent(details, url)) : undefined),
        () => undefined,
      );
    }
  };
}

/** Each request as it is sent to a wanted host. */
export function onRequestSent(wanted: (host: string) => boolean | Promise<boolean>, cb: (request: RequestSent) => void): () => void {
  const listener = filtered<WebRequest.OnSendHeadersDetailsType, RequestSent>(
    wanted,
    (d, url) => ({ host: url.hostname, own: isOwn(d), method: d.method, path: url.pathname }),
    cb,
  );
  browser.webRequest.onSendHeaders.addListener(listener, FILTER);
  return () => browser.webRequest.onSendHeaders.removeListener(listener);
}

/** Each answer from a wanted host: its status, and where a redirect goes. */
export function onRequestAnswered(wanted: (host: string) => boolean | Promise<boolean>, cb: (answer: RequestAnswered) => void): () => void {
  const anyCompleted = filtered<WebRequest.OnCompletedDetailsType, RequestAnswered>(
    wanted,
    (d, url) => ({ host: url.hostname, own: isOwn(d), status: d.statusCode, redirectPath: null }),
    cb,
  );
  // Nearly every answer is no sign of a signed-out session: it goes no further than its status.
  const completed = (d: WebRequest.OnCompletedDetailsType): void => {
    if (isSignedOutStatus(d.statusCode)) anyCompleted(d);
  };
  const redirected = filtered<WebRequest.OnBeforeRedirectDetailsType, RequestAnswered>(
    wanted,
    (d, url) => {
      const target = parse(d.redirectUrl);
      return { host: url.hostname, own: isOwn(d), status: d.statusCode, redirectPath: target ? target.pathname : '' };
    },
    cb,
  );
  browser.webRequest.onCompleted.addListener(completed, FILTER);
  browser.webRequest.onBeforeRedirect.addListener(redirected, FILTER);
  return () => {
    browser.webRequest.onCompleted.removeListener(completed);
    browser.webRequest.onBeforeRedirect.removeListener(redirected);
  };
}
