import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTokenTimes } from '../../src/core/jwt';
import { isSessionCookie } from '../../src/core/sessions';
import { validateSettings } from '../../src/core/settings';
import { SETTINGS_KEY } from '../../src/core/settings-defaults';
import { DEMO_SESSIONS } from '../../scripts/demo/demo-cookies.mjs';
import { startDemoServer, type DemoServer } from '../../scripts/demo/demo-server.mjs';
import { DEMO_SETTINGS, DEMO_SETTINGS_KEY } from '../../scripts/demo/demo-settings.mjs';
import { djangoSession } from '../e2e/server/set-cookie';

const DEMO_DIR = join(import.meta.dirname, '..', '..', 'scripts', 'demo');

interface Answer {
  status: number;
  setCookie: string[];
  body: string;
}

/** A parsed Set-Cookie header: name, value and attributes (names lower-cased), in order. */
function parseSetCookie(header: string): { name: string; value: string; attrs: [string, string][] } {
  const [pair = '', ...rest] = header.split(';').map((p) => p.trim());
  const eq = pair.indexOf('=');
  return {
    name: pair.slice(0, eq),
    value: pair.slice(eq + 1),
    attrs: rest.map((a) => {
      const i = a.indexOf('=');
      return i === -1 ? [a.toLowerCase(), ''] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
    }),
  };
}

/** Attribute names and their order: what tells one framework's header from another's. */
const shape = (header: string) => parseSetCookie(header).attrs.map(([k]) => k);
const attr = (header: string, name: string) => parseSetCookie(header).attrs.find(([k]) => k === name)?.[1];

describe('demo site', () => {
  let server: DemoServer;
  const log: string[] = [];

  beforeAll(async () => {
    server = await startDemoServer({ log: (line) => log.push(line) });
  });
  afterAll(async () => {
    await server.close();
  });

  async function post(path: string, cookies: string[] = [], headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(new URL(path, server.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { Accept: 'application/json', ...(cookies.length ? { Cookie: cookies.join('; ') } : {}), ...headers },
    });
    return { status: res.status, setCookie: res.headers.getSetCookie(), body: await res.text() };
  }

  it('listens on 127.0.0.1 only, on a free port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the page with a policy that allows nothing from elsewhere', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<title>Session Watch demo site</title>');
    for (const id of ['login', 'short', 'sliding', 'request', 'browser-session', 'jwt', 'logout']) {
      expect(html, `button #${id}`).toContain(`id="${id}"`);
    }
  });

  it('loads no external resources: every src and href is local', async () => {
    const html = await readFile(join(DEMO_DIR, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/\b(?:src|href|action)="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(ref, ref).toMatch(/^(\/(?!\/)|#)/);
    const js = await readFile(join(DEMO_DIR, 'demo.js'), 'utf8');
    expect(js).not.toMatch(/innerHTML|https?:\/\//);
  });

  it('"Log in" sets a Django session cookie for 5 minutes, shaped like the end-to-end fixture\'s', async () => {
    const before = Date.now();
    const answer = await post('/login');
    expect(answer.status).toBe(200);
    const [header = ''] = answer.setCookie;
    expect(answer.setCookie).toHaveLength(1);
    expect(parseSetCookie(header).name).toBe('sessionid');
    expect(parseSetCookie(header).value).toMatch(/^[a-z0-9]{32}$/);
    expect(shape(header)).toEqual(shape(djangoSession(before, 300, 'k', null).header));
    expect(header).toMatch(/; expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; HttpOnly; Max-Age=300; Path=\/; SameSite=Lax$/);
    const expires = Date.parse(attr(header, 'expires') ?? '');
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 299_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 300_000);
  });

  it('answers a form post without script with 303 back to the page', async () => {
    const res = await fetch(new URL('/login', server.url), { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.getSetCookie()[0]).toMatch(/^sessionid=/);
  });

  it.each([
    ['/session/short', '_demo_session', 30],
    ['/session/sliding', 'laravel_session', 180],
    ['/session/jwt', 'access_token', 600],
  ])('%s sets %s for %i seconds', async (path, name, seconds) => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const [header = ''] = (await post(path)).setCookie;
    expect(parseSetCookie(header).name).toBe(name);
    const maxAge = attr(header, 'max-age');
    if (maxAge !== undefined) expect(Number(maxAge)).toBe(seconds);
    const expires = attr(header, 'expires');
    if (expires !== undefined) {
      expect(Date.parse(expires)).toBeGreaterThanOrEqual(before + (seconds - 1) * 1000);
      expect(Date.parse(expires)).toBeLessThanOrEqual(Date.now() + seconds * 1000);
    }
    expect(maxAge ?? expires).toBeDefined();
    expect(attr(header, 'httponly')).toBe('');
  });

  it('the browser-session cookie has no expiry at all', async () => {
    const [header = ''] = (await post('/session/browser')).setCookie;
    expect(parseSetCookie(header).name).toBe('PHPSESSID');
    expect(shape(header)).toEqual(['path']);
  });

  it("the JWT cookie's token is unsigned and expires before the cookie does", async () => {
    const now = Date.now();
    const [header = ''] = (await post('/session/jwt')).setCookie;
    const token = parseSetCookie(header).value;
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.$/);
    const [head = ''] = token.split('.');
    expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ alg: 'none', typ: 'JWT' });
    // Read by the extension's own parser: exp 1 minute out, well before the cookie's 10 minutes.
    const times = readTokenTimes(token);
    expect(times?.expiresAt).toBeGreaterThanOrEqual(Math.floor(now / 1000) * 1000 + 60_000);
    expect(times?.expiresAt).toBeLessThanOrEqual(now + 61_000);
    expect(Number(attr(header, 'max-age')) * 1000).toBeGreaterThan((times?.expiresAt ?? Infinity) - now);
  });

  it('re-sends a sliding session with a fresh Max-Age on every request that carries it', async () => {
    const carried = ['laravel_session=abc', 'other=1'];
    const plain = await post('/request');
    expect(plain.setCookie).toEqual([]);
    const refreshed = await post('/request', carried);
    expect(refreshed.setCookie.map((h) => parseSetCookie(h).name)).toEqual(['laravel_session']);
    expect(attr(refreshed.setCookie[0] ?? '', 'max-age')).toBe('180');
    const page = await fetch(server.url, { headers: { Cookie: carried.join('; ') } });
    expect(page.headers.getSetCookie().map((h) => parseSetCookie(h).name)).toEqual(['laravel_session']);
    const login = await post('/login', carried);
    expect(login.setCookie.map((h) => parseSetCookie(h).name).sort()).toEqual(['laravel_session', 'sessionid']);
  });

  it('"Log out" removes every demo cookie the request carries with Max-Age=0, and only those', async () => {
    const answer = await post('/logout', ['sessionid=a', 'PHPSESSID=b', 'access_token=c', 'theme=dark']);
    expect(answer.setCookie.map((h) => parseSetCookie(h).name).sort()).toEqual(['PHPSESSID', 'access_token', 'sessionid']);
    for (const header of answer.setCookie) {
      expect(attr(header, 'max-age')).toBe('0');
      expect(attr(header, 'path')).toBe('/');
      expect(Date.parse(attr(header, 'expires') ?? '')).toBe(0);
    }
  });

  it('"Log out" without a session still deletes sessionid, as Django does', async () => {
    const answer = await post('/logout');
    expect(answer.setCookie).toEqual(['sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/']);
  });

  it('shows the page the headers it sent without their values, and logs none', async () => {
    const answer = await post('/login');
    const value = parseSetCookie(answer.setCookie[0] ?? '').value;
    const shown = JSON.parse(answer.body) as { setCookie: string[] };
    expect(shown.setCookie[0]).toMatch(/^sessionid=…; expires=/);
    expect(answer.body).not.toContain(value);
    expect(log.join('\n')).not.toContain(value);
  });

  it('refuses posts from another origin', async () => {
    const answer = await post('/login', [], { Origin: 'http://evil.example' });
    expect(answer.status).toBe(403);
    expect(answer.setCookie).toEqual([]);
  });

  it('tells the page where the popup is once the browser is up', async () => {
    expect(await (await fetch(new URL('/extension.json', server.url))).json()).toEqual({});
    server.setExtension({ browser: 'Chromium', popupUrl: 'chrome-extension://abc/popup.html' });
    expect(await (await fetch(new URL('/extension.json', server.url))).json()).toEqual({
      browser: 'Chromium',
      popupUrl: 'chrome-extension://abc/popup.html',
    });
  });

  it.each(Object.entries(DEMO_SESSIONS))('the %s session has a name and flags the extension takes for a login', (_kind, session) => {
    // The popup hides cookies that do not look like logins unless "show all" is on.
    const header = session.issue(Date.now());
    const { name } = parseSetCookie(header);
    expect(name).toBe(session.name);
    expect(isSessionCookie({ name, httpOnly: attr(header, 'httponly') !== undefined })).toBe(true);
  });
});

describe('demo settings', () => {
  it("are what the options page would store: the extension's validation changes nothing", () => {
    expect(DEMO_SETTINGS_KEY).toBe(SETTINGS_KEY);
    const { settings, errors } = validateSettings(DEMO_SETTINGS);
    expect(errors).toEqual([]);
    expect(settings).toMatchObject(DEMO_SETTINGS);
  });
});
