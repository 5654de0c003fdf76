/**
 * The fixture site: one Node http server on 127.0.0.1 (a free port per run)
 * that answers for every test host name and hands out session cookies the way
 * real frameworks do. It records every request it receives and every cookie
 * it sets, so a test can tell its own requests from anyone else's and search
 * the extension's storage for cookie values.
 *
 * Routes (any host; the host decides whose cookie it is):
 *   /django/login?expiry=N[&save_every_request=1][&domain=D]   set_expiry(N); N=0: browser session
 *   /django/page      SESSION_SAVE_EVERY_REQUEST: re-sends the cookie with a fresh Max-Age
 *   /django/logout[?domain=D]                                  delete_cookie
 *   /express/login?max_age=N, /express/page                    connect.sid, rolling: true
 *   /php/login                                                 PHPSESSID, lifetime 0
 *   /jwt/login?exp=N&max_age=M                                 JWT exp N s, cookie M s
 *   /hostile/login?max_age=N                                   markup in the cookie name and value
 *   /hostile/set?kind=K&max_age=N                              K: markup, rtl, emoji, long-name, long-value
 *   /theme                                                     theme=dark for a year: a cookie that is no session
 *   /page                                                      sets nothing (a plain page of the site)
 *   /login                                                     a login page that sets nothing
 *   /srv/<kind>/...                                            sessions the server ends after idleness (server-sessions.ts)
 *
 * Any route takes `at_ms=N`: the response waits until N ms into a second,
 * so a whole-second Expires (Express) is far from the moment it was sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  djangoLogout,
  djangoSession,
  djangoSessionKey,
  expressSession,
  expressSid,
  hostileCookie,
  hostileKindCookie,
  HOSTILE_KINDS,
  jwtAccessToken,
  phpSession,
  preferenceCookies,
  themeCookie,
  type HostileKind,
  type IssuedCookie,
} from './set-cookie';
import { startProxySink, type ProxySink } from './proxy-sink';
import { createServerSessions, type ServerEnd } from './server-sessions';

export interface RecordedRequest {
  at: number;
  method: string;
  /** Host header without the port. */
  host: string;
  /** Path and query, as sent. */
  path: string;
  headers: Record<string, string>;
}

export interface SetCookieRecord extends IssuedCookie {
  at: number;
  /** The host that answered. */
  host: string;
  route: string;
}

export interface SessionServer {
  readonly port: number;
  readonly sink: ProxySink;
  /** `http://<host>:<port><path>` */
  url(host: string, path: string): string;
  requests(): readonly RecordedRequest[];
  cookiesSet(): readonly SetCookieRecord[];
  /** The last cookie of that name this server set from that host. */
  lastSet(host: string, name: string): SetCookieRecord | undefined;
  /** Every value (and telling part of a value) of every cookie this server set. */
  secrets(): string[];
  /** Every session the server ended after idleness (the /srv/ routes). */
  serverEnds(): readonly ServerEnd[];
  close(): Promise<void>;
}

interface DjangoSession {
  expiry: number;
  saveEveryRequest: boolean;
  domain: string | null;
}

function hostOf(req: IncomingMessage): string {
  return (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
}

function requestCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}

function intParam(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export async function startSessionServer(): Promise<SessionServer> {
  const requests: RecordedRequest[] = [];
  const cookies: SetCookieRecord[] = [];
  const django = new Map<string, DjangoSession>();
  const express = new Map<string, { maxAge: number }>();
  const serverSide = createServerSessions();

  const server = createServer((req, res) => {
    const raw = new URL(req.url ?? '/', 'http://fixture.invalid').searchParams.get('at_ms');
    const atMs = raw === null ? NaN : Number(raw);
    if (Number.isInteger(atMs) && atMs >= 0 && atMs < 1000) {
      const wait = (atMs - (Date.now() % 1000) + 1000) % 1000;
      setTimeout(() => answer(req, res), wait);
    } else {
      answer(req, res);
    }
  });

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const now = Date.now();
    const host = hostOf(req);
    const path = req.url ?? '/';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    requests.push({ at: now, method: req.method ?? 'GET', host, path, headers });
    const url = new URL(path, 'http://fixture.invalid');
    const issued: IssuedCookie[] = [];
    const jar = requestCookies(req);
    let status = 200;
    let location: string | undefined;

    switch (url.pathname) {
      case '/django/login': {
        const key = djangoSessionKey();
        const session: DjangoSession = {
          expiry: intParam(url.searchParams, 'expiry', 1209600),
          saveEveryRequest: url.searchParams.get('save_every_request') === '1',
          domain: url.searchParams.get('domain'),
        };
        django.set(key, session);
        issued.push(djangoSession(now, session.expiry, key, session.domain));
        break;
      }
      case '/django/page': {
        const key = jar.get('sessionid');
        const session = key === undefined ? undefined : django.get(key);
        if (key !== undefined && session?.saveEveryRequest) issued.push(djangoSession(now, session.expiry, key, session.domain));
        break;
      }
      case '/django/logout': {
        const key = jar.get('sessionid');
        if (key !== undefined) django.delete(key);
        issued.push(djangoLogout(url.searchParams.get('domain')));
        break;
      }
      case '/express/login': {
        const sid = expressSid();
        const maxAge = intParam(url.searchParams, 'max_age', 3600);
        express.set(sid, { maxAge });
        issued.push(expressSession(now, maxAge, sid));
        break;
      }
      case '/express/page': {
        const raw = jar.get('connect.sid');
        const sid = raw === undefined ? undefined : /^s:([^.]+)\./.exec(decodeURIComponent(raw))?.[1];
        const session = sid === undefined ? undefined : express.get(sid);
        if (sid !== undefined && session) issued.push(expressSession(now, session.maxAge, sid));
        break;
      }
      case '/php/login':
        issued.push(phpSession());
        break;
      case '/jwt/login':
        issued.push(jwtAccessToken(now, intParam(url.searchParams, 'exp', 60), intParam(url.searchParams, 'max_age', 3600)));
        break;
      case '/hostile/login':
        issued.push(hostileCookie(now, intParam(url.searchParams, 'max_age', 300)));
        break;
      case '/hostile/set': {
        const kind = url.searchParams.get('kind') ?? '';
        if ((HOSTILE_KINDS as readonly string[]).includes(kind)) {
          issued.push(hostileKindCookie(now, kind as HostileKind, intParam(url.searchParams, 'max_age', 300)));
        }
        break;
      }
      case '/theme':
        issued.push(themeCookie(now));
        break;
      case '/prefs':
        issued.push(
          ...preferenceCookies(now, Math.min(150, intParam(url.searchParams, 'n', 10)), intParam(url.searchParams, 'max_age', 600)),
        );
        break;
      case '/page':
      case '/login':
        break;
      default: {
        const kept = serverSide.answer(host, url, jar, now);
        if (kept) {
          ({ status, location } = kept);
          issued.push(...kept.issued);
          break;
        }
        // /favicon.ico and anything else: no cookie, so a browser's own
        // follow-up requests never refresh a session behind a test's back.
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain');
        res.end('not found');
        return;
      }
    }
    for (const cookie of issued) cookies.push({ ...cookie, at: now, host, route: url.pathname });
    if (issued.length > 0)
      res.setHeader(
        'Set-Cookie',
        issued.map((c) => c.header),
      );
    res.statusCode = status;
    if (location !== undefined) res.setHeader('Location', location);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(`<!doctype html><html><head><title>${url.pathname}</title></head><body><p>ok</p></body></html>`);
  };
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let sink: ProxySink;
  try {
    sink = await startProxySink();
  } catch (err) {
    server.close();
    throw err;
  }

  return {
    port,
    sink,
    url: (host, path) => `http://${host}:${port}${path}`,
    requests: () => requests,
    cookiesSet: () => cookies,
    lastSet: (host, name) => cookies.filter((c) => c.host === host && c.name === name).at(-1),
    secrets: () => [...new Set(cookies.flatMap((c) => c.secrets).filter((s) => s.length >= 8))],
    serverEnds: () => serverSide.ends(),
    async close() {
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), sink.close()]);
    },
  };
}
