/**
 * The demo site of `npm start`: one page that explains itself and buttons
 * that start and end sessions, served on 127.0.0.1 (a free port unless one is
 * asked for). Buttons are forms posting to the routes below; the page's
 * script turns them into fetch calls so the page stays put, and without
 * script they still work (303 back to the page).
 *
 *   POST /login              Django, 5 minutes           sessionid
 *   POST /session/short      Rails, 30 seconds           _demo_session
 *   POST /session/sliding    Laravel, 3 minutes, sliding laravel_session
 *   POST /session/browser    PHP, until the browser closes PHPSESSID
 *   POST /session/jwt        JWT exp 1 min, cookie 10 min access_token
 *   POST /request            nothing of its own (refreshes the sliding session)
 *   POST /logout             Max-Age=0 for every demo cookie the request carries
 *   GET  /extension.json     where the extension's popup is, once the browser is up
 *
 * Every page load and POST re-sends a sliding session the request carries,
 * as Laravel does on every response.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SESSIONS, deletion } from './demo-cookies.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** @type {Record<string, { file: string; type: string } | undefined>} */
const STATIC = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  '/demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
};

/** @type {Record<string, import('./demo-cookies.mjs').DemoSession | undefined>} */
const STARTS = {
  '/login': DEMO_SESSIONS.django,
  '/session/short': DEMO_SESSIONS.short,
  '/session/sliding': DEMO_SESSIONS.sliding,
  '/session/browser': DEMO_SESSIONS.browser,
  '/session/jwt': DEMO_SESSIONS.jwt,
};

const DEMO_NAMES = Object.values(DEMO_SESSIONS).map((s) => s.name);

const SECURITY_HEADERS = {
  // Nothing but this site's own files; no inline script, no framing.
  'Content-Security-Policy': "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** @param {import('node:http').IncomingMessage} req */
function cookieNames(req) {
  return new Set(
    (req.headers.cookie ?? '')
      .split(';')
      .map((pair) => pair.slice(0, pair.indexOf('=')).trim())
      .filter(Boolean),
  );
}

/** "sessionid=abc; expires=...; HttpOnly" -> "sessionid=…; expires=...; HttpOnly": the page shows headers, not secrets. */
/** @param {string} header */
export function redactValue(header) {
  const eq = header.indexOf('=');
  const semi = header.indexOf(';');
  return `${header.slice(0, eq + 1)}…${semi === -1 ? '' : header.slice(semi)}`;
}

/**
 * @typedef {object} DemoServer
 * @property {number} port
 * @property {string} url "http://127.0.0.1:<port>/"
 * @property {(info: { browser: string, popupUrl: string }) => void} setExtension What /extension.json tells the page: where the popup is.
 * @property {() => Promise<void>} close
 */

/**
 * @param {{ port?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<DemoServer>}
 */
export async function startDemoServer(options = {}) {
  const log = options.log ?? (() => {});
  /** @type {{ browser: string, popupUrl: string } | null} */
  let extension = null;

  const server = createServer((req, res) => {
    handle(req, res).catch((/** @type {Error} */ err) => {
      log(`demo site: ${req.method} ${req.url} failed: ${err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function handle(req, res) {
    const path = new URL(req.url ?? '/', 'http://demo.invalid').pathname;
    const now = Date.now();
    const carried = cookieNames(req);
    /** @type {string[]} */
    const setCookies = [];
    const refreshSliding = () => {
      if (carried.has(DEMO_SESSIONS.sliding.name)) setCookies.push(DEMO_SESSIONS.sliding.issue(now));
    };

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (path === '/extension.json') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json' });
        res.end(JSON.stringify(extension ?? {}));
        return;
      }
      const asset = STATIC[path];
      if (!asset) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
        res.end('not found');
        return;
      }
      if (path === '/') refreshSliding();
      const body = await readFile(join(here, asset.file));
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type, ...(setCookies.length ? { 'Set-Cookie': setCookies } : {}) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }

    if (req.method !== 'POST') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD, POST', 'Content-Type': 'text/plain' });
      res.end('method not allowed');
      return;
    }
    // A form post or fetch from elsewhere must not drive the demo: same origin only.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
      res.end('cross-origin request refused');
      return;
    }
    req.resume();

    const start = STARTS[path];
    if (start) {
      if (start !== DEMO_SESSIONS.sliding) refreshSliding();
      setCookies.push(start.issue(now));
    } else if (path === '/request') {
      refreshSliding();
    } else if (path === '/logout') {
      const present = DEMO_NAMES.filter((name) => carried.has(name));
      // Django's logout deletes its cookie whether or not the request carried one.
      for (const name of present.length > 0 ? present : [DEMO_SESSIONS.django.name]) setCookies.push(deletion(name));
    } else {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }

    log(`demo site: POST ${path} -> ${setCookies.map((h) => redactValue(h).split(';')[0]).join(', ') || 'no cookie'}`);
    const headers = { ...SECURITY_HEADERS, ...(setCookies.length ? { 'Set-Cookie': setCookies } : {}) };
    if ((req.headers.accept ?? '').includes('application/json')) {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ at: now, setCookie: setCookies.map(redactValue) }));
    } else {
      res.writeHead(303, { ...headers, Location: '/' });
      res.end();
    }
  }

  server.keepAliveTimeout = 1000;
  await new Promise((/** @type {(v: void) => void} */ resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // Listening on a TCP port, so the address is an AddressInfo, never a pipe's name.
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/`,
    setExtension(info) {
      extension = info;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((/** @type {(v: void) => void} */ resolve) => server.close(() => resolve()));
    },
  };
}
