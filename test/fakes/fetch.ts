/**
 * The worker's `fetch`, as the browser runs it for an extension: the request
 * is one webRequest reports with no tab (tabId -1) and the extension as its
 * initiator (Chromium) or origin (Firefox); the answer's status and Location
 * arrive through onHeadersReceived; with `redirect: 'manual'` a 3xx resolves
 * to an opaque redirect (type 'opaqueredirect', status 0, no headers) and is
 * not followed. Every request is recorded, so tests can assert that nothing
 * but the check URL was asked for and that no redirect was followed.
 * Install it per test file with useFakeFetch(): script tests use the real one.
 * https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { browserMode, fakeClock } from './clock';
import { runtime } from './runtime';
import { webRequest } from './web-request';

/** What the server answers: a status (with a Location for a redirect), or no answer at all (offline, refused). */
export type Reply = { status: number; location?: string } | 'fail';

export interface FetchRecord {
  /** When it was sent, by the fake clock. */
  at: number;
  url: string;
  method: string;
  credentials: RequestCredentials | undefined;
  redirect: RequestRedirect | undefined;
  cache: RequestCache | undefined;
  /** Whether the caller read any of the body. */
  bodyRead: boolean;
}

type Responder = (url: string) => Reply | Promise<Reply>;

const state = {
  respond: ((): Reply => ({ status: 404 })) as Responder,
  requests: [] as FetchRecord[],
};

/** The extension's own origin as each browser names the initiator of its requests. */
function ownDetails(): { initiator?: string; originUrl?: string; documentUrl?: string } {
  if (browserMode() === 'chromium') return { initiator: runtime.getURL('').replace(/\/$/, '') };
  const page = runtime.getURL('_generated_background_page.html');
  return { originUrl: page, documentUrl: page };
}

function details(url: string, method: string) {
  return {
    url,
    method,
    requestId: String(Math.random()),
    frameId: 0,
    parentFrameId: -1,
    tabId: -1,
    type: 'xmlhttprequest' as const,
    timeStamp: fakeClock.now(),
    thirdParty: false,
    ...ownDetails(),
  };
}

function networkError(): TypeError {
  return new TypeError(browserMode() === 'chromium' ? 'Failed to fetch' : 'NetworkError when attempting to fetch resource.');
}

/** A body nothing has read yet: reading it is recorded (the product never reads one). */
function body(record: FetchRecord): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        record.bodyRead = true;
        controller.enqueue(new TextEncoder().encode('{"user":"someone"}'));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

function opaqueRedirect(): Response {
  // A Response cannot be built with status 0; this is what the browser hands back, in the fields that matter.
  const response: Pick<Response, 'type' | 'status' | 'ok' | 'redirected' | 'url' | 'body' | 'headers'> = {
    type: 'opaqueredirect',
    status: 0,
    ok: false,
    redirected: false,
    url: '',
    body: null,
    headers: new Headers(),
  };
  return response as Response;
}

async function browserFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const method = (init.method ?? 'GET').toUpperCase();
  const record: FetchRecord = {
    at: fakeClock.now(),
    url,
    method,
    credentials: init.credentials,
    redirect: init.redirect,
    cache: init.cache,
    bodyRead: false,
  };
  state.requests.push(record);
  const signal = init.signal ?? null;
  if (signal?.aborted) throw signal.reason;
  const pending = state.respond(url);
  // No connection, no headers sent: webRequest reports nothing of it but the error.
  if (pending === 'fail') throw networkError();
  webRequest.onSendHeaders.fire(details(url, method));
  const reply = await Promise.race([
    Promise.resolve(pending),
    new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
  ]);
  // A connection lost after the headers went.
  if (reply === 'fail') throw networkError();
  const { status, location } = reply;
  const statusLine = `HTTP/1.1 ${status}`;
  const responseHeaders = location === undefined ? [] : [{ name: 'Location', value: location }];
  webRequest.onHeadersReceived.fire({ ...details(url, method), statusCode: status, statusLine, responseHeaders });
  if (status >= 300 && status < 400 && location !== undefined) {
    const target = new URL(location, url).href;
    webRequest.onBeforeRedirect.fire({ ...details(url, method), statusCode: status, statusLine, redirectUrl: target, fromCache: false });
    if (init.redirect === 'manual') return opaqueRedirect();
    if (init.redirect === 'error') throw networkError();
    // Followed, as a plain fetch would: the test sees the second request in the record.
    return browserFetch(target, { ...init, method: status === 303 ? 'GET' : method });
  }
  webRequest.onCompleted.fire({
    ...details(url, method),
    statusCode: status,
    statusLine,
    fromCache: false,
    urlClassification: { firstParty: [], thirdParty: [] },
    requestSize: 0,
    responseSize: 0,
  });
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(nullBody ? null : body(record), { status });
}

/** Test controls: what the server answers, and what was asked. */
export const fakeFetch = {
  /** Every URL answers this (a status, a redirect, or a network failure). */
  answer(reply: Reply): void {
    state.respond = () => reply;
  },
  /** Answers per URL, possibly later (a promise): for a check in flight. */
  respond(responder: Responder): void {
    state.respond = responder;
  },
  /** Every request made, in order. */
  requests(): FetchRecord[] {
    return state.requests.map((r) => ({ ...r }));
  },
};

/** For a test file whose worker may request: installs the fake before each test and restores the real one after. */
export function useFakeFetch(): void {
  beforeEach(() => {
    state.respond = () => ({ status: 404 });
    state.requests = [];
    vi.stubGlobal('fetch', browserFetch);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });
}
