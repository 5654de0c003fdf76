/**
 * A second CDP client on the Chromium the harness drives (playwright-core
 * keeps the pipe; Chromium also listens on --remote-debugging-port=0 and
 * names the port in the profile's DevToolsActivePort), attached to the
 * extension's service worker for the whole run. playwright-core loses the
 * worker once it is stopped; this session stays attached across stops and
 * sees each restart:
 * - before the script of each start of the worker runs (a
 *   `beforeScriptExecution` instrumentation breakpoint), a recorder goes around
 *   notifications.create, reporting each notice through a CDP binding, so
 *   what the worker shows is known whatever start of it showed it;
 * - the Network domain reports every request the worker makes, https by URL;
 * - `evaluate` runs in the worker running now.
 * https://chromedevtools.github.io/devtools-protocol/tot/Debugger/#method-setInstrumentationBreakpoint
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type Browser, type CDPSession } from 'puppeteer-core';
import type { ExtensionRequest, ShownNotification } from './driver';
import { sleep, withTimeout } from './wait';

const BINDING = '__sessionWatchE2eNotice';

/**
 * Runs in the worker as it starts (or at once when attached late): wraps notifications.create of `chrome` and `browser` (Chromium has
 * both; the polyfill uses `browser` when present) and calls straight through.
 */
const RECORDER = `(() => {
  if (globalThis.__sessionWatchE2eRecording) return 'already';
  globalThis.__sessionWatchE2eRecording = true;
  const seen = [];
  for (const api of [globalThis.chrome, globalThis.browser]) {
    const n = api && api.notifications;
    if (!n || seen.includes(n)) continue;
    seen.push(n);
    const create = n.create;
    n.create = function (...args) {
      const [first, second] = args;
      const id = typeof first === 'string' ? first : '';
      const o = (typeof first === 'string' ? second : first) || {};
      globalThis.${BINDING}(JSON.stringify({ id, title: String(o.title ?? ''), message: String(o.message ?? ''), at: Date.now() }));
      return create.apply(this, args);
    };
  }
  return 'recording';
})()`;

export interface WorkerWatch {
  notices(): ShownNotification[];
  /** Resolves once no start of the worker is held paused for the recorder (stop it only then). */
  settled(): Promise<void>;
  requests(): ExtensionRequest[];
  /** Evaluates `expression` in the worker running now; throws if none is. */
  evaluate<R>(expression: string): Promise<R>;
  close(): Promise<void>;
}

export async function watchExtensionWorker(profile: string, origin: string, log: (text: string) => void): Promise<WorkerWatch> {
  const [port, path] = (await readFile(join(profile, 'DevToolsActivePort'), 'utf8')).split('\n');
  const browser: Browser = await puppeteer.connect({ browserWSEndpoint: `ws://127.0.0.1:${port}${path}`, defaultViewport: null });
  const root = await browser.target().createCDPSession();
  const notices: ShownNotification[] = [];
  const requests: ExtensionRequest[] = [];
  let worker: CDPSession | null = null;
  let attached: (ready: Promise<void>) => void = () => undefined;
  const installed = new Promise<void>((resolve, reject) => {
    attached = (ready) => {
      ready.then(resolve, reject);
    };
  });
  /** The worker's live execution contexts (Runtime.enable lists those already there): none while it is stopped. */
  const contexts = new Set<number>();
  /** Pauses at the start of the worker being handled now. */
  let pausing = 0;

  const install = async (session: CDPSession) => {
    session.on('Runtime.bindingCalled', (e: { name: string; payload: string }) => {
      if (e.name === BINDING) notices.push(JSON.parse(e.payload) as ShownNotification);
    });
    session.on('Network.requestWillBeSent', (e: { request: { url: string; method: string } }) => {
      const { url, method } = e.request;
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        requests.push({ at: Date.now(), url, method, source: 'worker' });
      }
    });
    session.on('Debugger.paused', (e: { reason: string }) => {
      pausing += 1;
      const record = e.reason === 'instrumentation' ? session.send('Runtime.evaluate', { expression: RECORDER }) : Promise.resolve();
      record
        .catch((err: unknown) => log(`could not put the notice recorder into the restarted worker: ${String(err)}`))
        .then(() => session.send('Debugger.resume'))
        .catch(() => undefined)
        .finally(() => {
          pausing -= 1;
        });
    });
    session.on('Runtime.executionContextCreated', (e: { context: { id: number } }) => {
      contexts.add(e.context.id);
    });
    session.on('Runtime.executionContextDestroyed', (e: { executionContextId: number }) => {
      contexts.delete(e.executionContextId);
    });
    session.on('Runtime.executionContextsCleared', () => {
      contexts.clear();
    });
    await session.send('Runtime.addBinding', { name: BINDING });
    await session.send('Network.enable');
    await session.send('Runtime.enable');
    // Each start of the worker pauses before its script runs, the recorder goes in, and it
    // resumes. Stopping a worker while it is paused there crashed the extension's renderer:
    // `settled()` lets the driver wait until no pause is being handled.
    await session.send('Debugger.enable');
    await session.send('Debugger.setInstrumentationBreakpoint', { instrumentation: 'beforeScriptExecution' });
    // The worker running now started before this session: record from here on.
    await session.send('Runtime.evaluate', { expression: RECORDER });
  };

  root.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; url: string } }) => {
    const session = root.connection()?.session(e.sessionId);
    if (!session || worker || e.targetInfo.type !== 'service_worker' || !e.targetInfo.url.startsWith(origin)) return;
    worker = session;
    attached(install(session));
  });
  await root.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: true,
    filter: [{ type: 'service_worker' }],
  });
  await withTimeout(installed, 5000, "CDP to attach to the extension's service worker");

  return {
    notices: () => notices,
    async settled() {
      await sleep(50);
      while (pausing > 0) await sleep(10);
    },
    requests: () => requests,
    async evaluate<R>(expression: string): Promise<R> {
      if (!worker || contexts.size === 0) throw new Error("the extension's service worker is not running");
      const r = (await worker.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
      return r.result.value as R;
    },
    async close() {
      await browser.disconnect();
    },
  };
}
