/**
 * webRequest, observing only: the events the worker listens to. Like both
 * browsers, an event reaches a listener only when the extension has host
 * access to the request's URL, and only for the tab its filter names.
 */
import type { WebRequest } from 'webextension-polyfill';
import { browserMode, fakeClock } from './clock';
import { FakeEvent } from './events';
import { originCovered } from './permissions';

type Listener<D> = (details: D) => void;

/** One webRequest event: listeners with their filters. */
class FakeRequestEvent<D extends { url: string }> {
  private readonly event = new FakeEvent<Listener<D>>();
  private readonly filters = new Map<Listener<D>, WebRequest.RequestFilter>();

  addListener = (listener: Listener<D>, filter: WebRequest.RequestFilter, _extraInfoSpec?: string[]): void => {
    // Firefox's match patterns take no port, and a filter with one is refused.
    // https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/Match_patterns (bug 1362809)
    const withPort = filter.urls.find((u) => /^[a-z*]+:\/\/[^/]*:\d+\//.test(u));
    if (browserMode() === 'firefox' && withPort !== undefined) throw new Error(`Invalid url pattern: ${withPort}`);
    this.event.addListener(listener);
    this.filters.set(listener, filter);
  };

  removeListener = (listener: Listener<D>): void => {
    this.event.removeListener(listener);
    this.filters.delete(listener);
  };

  hasListener = (listener: Listener<D>): boolean => this.event.hasListener(listener);

  /** Delivers to every listener whose filter matches (its tab, when it names one), when the extension has access to the URL. */
  fire(details: D & { tabId: number }): void {
    const url = new URL(details.url);
    if (!originCovered(`${url.protocol}//${url.host}/*`)) return;
    for (const [listener, filter] of [...this.filters]) {
      if (filter.tabId === undefined || filter.tabId === details.tabId) listener(details);
    }
  }

  hasListeners = (): boolean => this.event.hasListeners();

  clear(): void {
    this.event.clear();
    this.filters.clear();
  }
}

const base = (url: string, method: string) => ({
  url,
  method,
  requestId: String(Math.random()),
  frameId: 0,
  parentFrameId: -1,
  tabId: 1,
  type: 'main_frame' as const,
  timeStamp: fakeClock.now(),
  thirdParty: false,
});

export const webRequest = {
  onSendHeaders: new FakeRequestEvent<WebRequest.OnSendHeadersDetailsType>(),
  onHeadersReceived: new FakeRequestEvent<WebRequest.OnHeadersReceivedDetailsType>(),
  onCompleted: new FakeRequestEvent<WebRequest.OnCompletedDetailsType>(),
  onBeforeRedirect: new FakeRequestEvent<WebRequest.OnBeforeRedirectDetailsType>(),
};

/** Test controls: a request sent, and its answer. */
export const fakeWebRequest = {
  /** The browser sends a request (its headers go out). */
  send(url: string, method = 'GET'): void {
    webRequest.onSendHeaders.fire(base(url, method));
  },
  /** The answer arrives: a status, or a redirect to `location`. */
  answer(url: string, statusCode: number, location?: string, method = 'GET'): void {
    webRequest.onHeadersReceived.fire({
      ...base(url, method),
      statusCode,
      statusLine: `HTTP/1.1 ${statusCode}`,
      responseHeaders: location === undefined ? [] : [{ name: 'Location', value: location }],
    });
    if (location !== undefined) {
      webRequest.onBeforeRedirect.fire({
        ...base(url, method),
        statusCode,
        statusLine: `HTTP/1.1 ${statusCode}`,
        redirectUrl: new URL(location, url).href,
        fromCache: false,
      });
      return;
    }
    webRequest.onCompleted.fire({
      ...base(url, method),
      statusCode,
      statusLine: `HTTP/1.1 ${statusCode}`,
      fromCache: false,
      urlClassification: { firstParty: [], thirdParty: [] },
      requestSize: 0,
      responseSize: 0,
    });
  },
  /** A whole exchange: sent, then answered. */
  request(url: string, statusCode = 200, location?: string, method = 'GET'): void {
    this.send(url, method);
    this.answer(url, statusCode, location, method);
  },
};

export function resetWebRequest(): void {
  webRequest.onSendHeaders.clear();
  webRequest.onHeadersReceived.clear();
  webRequest.onCompleted.clear();
  webRequest.onBeforeRedirect.clear();
}
