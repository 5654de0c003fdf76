/**
 * Sessions the fixture server keeps on its side and ends after idleness, as
 * PHP, servlet containers and Spring do: the cookie says nothing about when.
 *
 *   /srv/<kind>/login[?idle=S]   a new session (idle timeout S seconds, 20 by default)
 *   /srv/<kind>/page             a request the server sees; refreshes the session while it lives
 *   /srv/<kind>/logout           ends it (the cookie is removed)
 *   /srv/<kind>/me               a check URL: 200 while the session lives (refreshing it, as any request
 *                                does), else 401, or 302 to /login for the redirect kind; never a cookie
 *
 * Kinds, by what the first request after the timeout gets:
 *   php       PHPSESSID, a browser-session cookie; a new id (session_start() on an unknown id)
 *   api       JSESSIONID, a browser-session cookie; 401 and no cookie
 *   redirect  SESSION, a browser-session cookie; 302 to /login
 *   sliding   laravel_session, Max-Age 60 re-sent on every request, ended by the server after
 *             its shorter idle timeout; 401 and no cookie
 */
import { randomBytes } from 'node:crypto';
import type { IssuedCookie } from './set-cookie';

export const SERVER_KINDS = ['php', 'api', 'redirect', 'sliding'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

const COOKIE: Record<ServerKind, string> = { php: 'PHPSESSID', api: 'JSESSIONID', redirect: 'SESSION', sliding: 'laravel_session' };
const SLIDING_MAX_AGE_S = 60;

interface Live {
  kind: ServerKind;
  idleMs: number;
  lastSeen: number;
}

export interface ServerAnswer {
  status: number;
  location?: string;
  issued: IssuedCookie[];
}

/** How the server ended a session: for the test to compare with what the extension saw. */
export interface ServerEnd {
  kind: ServerKind;
  host: string;
  /** The idle gap the server counted (ms). */
  gapMs: number;
  at: number;
}

function cookieFor(kind: ServerKind, id: string, now: number): IssuedCookie {
  const name = COOKIE[kind];
  if (kind === 'sliding') {
    return {
      name,
      value: id,
      header: `${name}=${id}; Max-Age=${SLIDING_MAX_AGE_S}; Path=/; HttpOnly; SameSite=Lax`,
      domain: null,
      expiresAt: now + SLIDING_MAX_AGE_S * 1000,
      secrets: [id],
    };
  }
  return { name, value: id, header: `${name}=${id}; Path=/; HttpOnly`, domain: null, expiresAt: null, secrets: [id] };
}

function removal(kind: ServerKind): IssuedCookie {
  const name = COOKIE[kind];
  return { name, value: '', header: `${name}=; Max-Age=0; Path=/`, domain: null, expiresAt: 0, secrets: [] };
}

export interface ServerSessions {
  /** The answer for a /srv/ path, or null for any other path. */
  answer(host: string, path: URL, jar: ReadonlyMap<string, string>, now: number): ServerAnswer | null;
  /** Every session the server ended after idleness, oldest first. */
  ends(): readonly ServerEnd[];
}

export function createServerSessions(): ServerSessions {
  const live = new Map<string, Live>();
  const ended: ServerEnd[] = [];

  const start = (kind: ServerKind, idleMs: number, now: number): IssuedCookie => {
    const id = randomBytes(16).toString('hex');
    live.set(id, { kind, idleMs, lastSeen: now });
    return cookieFor(kind, id, now);
  };

  return {
    ends: () => ended,
    answer(host, url, jar, now) {
      const match = /^\/srv\/([a-z]+)\/(login|page|logout|me)$/.exec(url.pathname);
      if (!match || !(SERVER_KINDS as readonly string[]).includes(match[1] ?? '')) return null;
      const kind = match[1] as ServerKind;
      const action = match[2];
      const id = jar.get(COOKIE[kind]);
      const session = id === undefined ? undefined : live.get(id);
      if (action === 'login') {
        const idle = Number(url.searchParams.get('idle') ?? '20');
        return { status: 200, issued: [start(kind, Number.isFinite(idle) && idle > 0 ? idle * 1000 : 20_000, now)] };
      }
      if (action === 'logout') {
        if (id !== undefined) live.delete(id);
        return { status: 200, issued: [removal(kind)] };
      }
      if (action === 'me') {
        const alive = session !== undefined && now - session.lastSeen <= session.idleMs;
        if (!alive) {
          if (id !== undefined && session) {
            live.delete(id);
            ended.push({ kind, host, gapMs: now - session.lastSeen, at: now });
          }
          return kind === 'redirect' ? { status: 302, location: '/login', issued: [] } : { status: 401, issued: [] };
        }
        session.lastSeen = now;
        return { status: 200, issued: [] };
      }
      if (id !== undefined && session && now - session.lastSeen > session.idleMs) {
        live.delete(id);
        ended.push({ kind, host, gapMs: now - session.lastSeen, at: now });
        if (kind === 'api' || kind === 'sliding') return { status: 401, issued: [] };
        if (kind === 'redirect') return { status: 302, location: '/login', issued: [] };
        return { status: 200, issued: [start(kind, session.idleMs, now)] };
      }
      if (!session) return { status: kind === 'api' ? 401 : 200, issued: [] };
      session.lastSeen = now;
      return { status: 200, issued: kind === 'sliding' && id !== undefined ? [cookieFor(kind, id, now)] : [] };
    },
  };
}
