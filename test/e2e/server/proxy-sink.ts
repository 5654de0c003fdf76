/**
 * Where the browsers' proxy settings send every request for a host that is not
 * a test host. Nothing leaves the machine, and a request an extension context
 * makes to the outside world is seen here: plain-http requests carry an
 * Origin or Referer naming the extension; HTTPS shows only as a CONNECT with a
 * host name, which the browsers' own background traffic produces too.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  at: number;
  method: string;
  /** Absolute URL for plain http; "host:443" for a CONNECT. */
  target: string;
  origin: string | null;
  referer: string | null;
}

export interface ProxySink {
  readonly port: number;
  requests(): readonly SinkRequest[];
  close(): Promise<void>;
}

export async function startProxySink(): Promise<ProxySink> {
  const seen: SinkRequest[] = [];
  const server = createServer((req, res) => {
    seen.push({
      at: Date.now(),
      method: req.method ?? 'GET',
      target: req.url ?? '',
      origin: req.headers.origin ?? null,
      referer: req.headers.referer ?? null,
    });
    res.statusCode = 502;
    res.end();
  });
  server.on('connect', (req, socket) => {
    seen.push({ at: Date.now(), method: 'CONNECT', target: req.url ?? '', origin: null, referer: null });
    // A browser may reset a refused tunnel at once; that is an answer, not a failure.
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests: () => seen,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
