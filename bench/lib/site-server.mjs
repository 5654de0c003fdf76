/**
 * The bench's sites over plain HTTP: one local server answers for every
 * `*.test` host (Chromium maps them to 127.0.0.1 with --host-resolver-rules;
 * the port stays in the URL), so requests to s001.test, … really go out and
 * are answered, and the browser reports them to the extensions' webRequest
 * listeners. `/` is an empty page to fetch from; any other path answers "ok"
 * to anyone (CORS), never cached, and sets no cookie.
 */
import { createServer } from 'node:http';

/** @typedef {{ port: number; origin: (host: string) => string; args: string[]; close: () => Promise<void> }} SiteServer */

/** @returns {Promise<SiteServer>} */
export async function startSiteServer() {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><title>bench site</title>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
    res.end('ok');
  });
  // Chromium opens at most 6 connections per host; keep them open for the whole burst.
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the site server has no port');
  const { port } = address;
  return {
    port,
    origin: (host) => `http://${host}:${port}`,
    // No proxy: the machine's proxy settings must not see (or slow) the bench's requests.
    args: ['--host-resolver-rules=MAP *.test 127.0.0.1', '--no-proxy-server'],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
