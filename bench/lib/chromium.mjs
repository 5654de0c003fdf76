/**
 * Headless Chromium with one unpacked extension (flags from docs/browser-behaviour.md),
 * plus what the bench needs beyond playwright-core's API: a DevTools session
 * on the extension's service worker and the CPU time of its thread.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { HEADLESS_CHROMIUM_FLAGS } from '../../scripts/chromium-flags.mjs';
import { INIT_SCRIPT } from './init-script.mjs';
import { sleep } from './stats.mjs';

const EXECUTABLE = process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium';
/** The largest popup Chromium shows; pages are measured at the size a popup can have. */
export const POPUP_VIEWPORT = { width: 800, height: 600 };
const CLK_TCK_MS = 10;

/**
 * A DevTools session on a target other than a page, through the browser's session.
 * @typedef {object} TargetSession
 * @property {import('playwright-core').CDPSession['send']} send
 * @property {(event: string, cb: (params: unknown) => void) => void} on
 * @property {() => Promise<void>} detach
 */
/**
 * A message from a target: a reply (id) or an event (method).
 * @typedef {{ id?: number; method: string; params?: unknown; result?: unknown; error?: { message: string } }} TargetMessage
 */
/**
 * @typedef {object} TargetState
 * @property {Map<number, { resolve: (value: any) => void; reject: (err: Error) => void; method: string }>} pending
 * @property {Map<string, ((params: unknown) => void)[]>} listeners
 * @property {number} next
 */

/** @typedef {Awaited<ReturnType<typeof launch>>} Bench */

/**
 * Chromium's id for an unpacked extension: the SHA-256 of its absolute path, the first 32 hex digits written a–p.
 * @param {string} dir
 */
export function unpackedId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + parseInt(d, 16))).join('');
}

/**
 * @param {string} extensionDir the unpacked extension to load
 * @param {{ args?: string[]; alsoLoad?: string[] }} [options] flags beyond the usual ones (a scenario's host
 *   resolver rules); other extensions to load beside it, each in its own process (see workerPid)
 */
export async function launch(extensionDir, { args = [], alsoLoad = [] } = {}) {
  const profile = await mkdtemp(join(tmpdir(), 'session-watch-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    viewport: POPUP_VIEWPORT,
    args: [
      `--disable-extensions-except=${[extensionDir, ...alsoLoad].join(',')}`,
      `--load-extension=${[extensionDir, ...alsoLoad].join(',')}`,
      ...HEADLESS_CHROMIUM_FLAGS,
      ...args,
    ],
  });
  await context.addInitScript(INIT_SCRIPT);
  /** @param {string} dir */
  const workerOf = async (dir) => {
    const host = alsoLoad.length === 0 ? null : unpackedId(dir);
    const mine = (/** @type {import('playwright-core').Worker} */ w) => host === null || new URL(w.url()).host === host;
    return context.serviceWorkers().find(mine) ?? (await context.waitForEvent('serviceworker', { predicate: mine, timeout: 20_000 }));
  };
  const worker = await workerOf(extensionDir);
  const origin = `chrome-extension://${new URL(worker.url()).host}`;
  const browser = context.browser();
  if (!browser) throw new Error('a persistent context without its browser');
  const cdp = await browser.newBrowserCDPSession();
  /** @type {Map<string, TargetState>} */
  const targetSessions = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
    const session = targetSessions.get(sessionId);
    if (!session) return;
    /** @type {unknown} */
    const parsed = JSON.parse(message);
    const msg = /** @type {TargetMessage} */ (parsed);
    if (msg.id !== undefined) {
      const pending = session.pending.get(msg.id);
      session.pending.delete(msg.id);
      if (!pending) return;
      if (msg.error) pending.reject(new Error(`${pending.method}: ${msg.error.message}`));
      else pending.resolve(msg.result);
    } else {
      for (const cb of session.listeners.get(msg.method) ?? []) cb(msg.params);
    }
  });

  /**
   * A DevTools session on another target (the service worker) through the
   * browser session: playwright-core opens sessions on pages only.
   * @param {string} targetId
   * @returns {Promise<TargetSession>}
   */
  async function attach(targetId) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
    /** @type {TargetState} */
    const session = { pending: new Map(), listeners: new Map(), next: 0 };
    targetSessions.set(sessionId, session);
    /** @type {TargetSession} */
    const target = {
      send(method, params) {
        session.next += 1;
        const id = session.next;
        return new Promise((resolve, reject) => {
          session.pending.set(id, { resolve, reject, method });
          cdp
            .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: params ?? {} }) })
            .catch(reject);
        });
      },
      on(event, cb) {
        session.listeners.set(event, [...(session.listeners.get(event) ?? []), cb]);
      },
      async detach() {
        targetSessions.delete(sessionId);
        await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      },
    };
    return target;
  }

  async function workerSession() {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(origin));
    if (!target) throw new Error('the extension service worker is not running');
    return attach(target.targetId);
  }

  /** Chromium's processes of this profile: the browser's and its children's pids. */
  function processes() {
    /** @type {{ pid: number; cmdline: string }[]} */
    const out = [];
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        if (cmdline.includes(profile)) out.push({ pid: Number(pid), cmdline });
      } catch {
        // Gone meanwhile.
      }
    }
    return out;
  }

  /**
   * The process of the service worker of one of the loaded extensions: its worker spins for 300 ms and the
   * extension process whose worker thread took most of that CPU, far more than any other, is the one (their
   * command lines do not name them). A busy machine may lend the spin little CPU: then it tries again.
   * @param {string} dir
   */
  async function workerPid(dir) {
    const w = await workerOf(dir);
    /** @type {{ pid: number; ms: number }[]} */
    let gained = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const candidates = processes().filter((p) => p.cmdline.includes('--extension-process'));
      const before = candidates.map((p) => workerThreadCpuMs(p.pid));
      await w.evaluate(() => {
        const until = Date.now() + 300;
        while (Date.now() < until);
      });
      gained = candidates.map((p, i) => ({ pid: p.pid, ms: workerThreadCpuMs(p.pid) - (before[i] ?? 0) })).sort((x, y) => y.ms - x.ms);
      const [first, second] = gained;
      if (first && first.ms > 30 && first.ms > 4 * (second?.ms ?? 0)) return first.pid;
    }
    throw new Error(`cannot tell which process runs ${dir}: ${JSON.stringify(gained)}`);
  }

  async function extensionPid() {
    for (let i = 0; i < 50; i += 1) {
      const found = processes().filter((p) => p.cmdline.includes('--extension-process'));
      const [only] = found;
      if (only && found.length === 1) return only.pid;
      if (found.length > 1) throw new Error(`expected one extension process, found ${found.length}`);
      await sleep(100);
    }
    throw new Error('no extension renderer process');
  }

  return {
    context,
    dir: extensionDir,
    profile,
    origin,
    worker,
    cdp,
    attach,
    workerSession,
    processes,
    extensionPid,
    workerPid,
    url: (/** @type {string} */ path) => `${origin}/${path}`,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * @param {number | string} pid
 * @param {number | string} tid
 */
function threadRunNs(pid, tid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return 0;
  }
}

/**
 * CPU time (ms) so far of the extension process's service worker threads
 * (comm "ServiceWorker t…"), from the scheduler's nanosecond accounting.
 * A worker restarted on a new thread is counted from its start.
 * @param {number} pid
 */
export function workerThreadCpuMs(pid) {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let comm;
    try {
      comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8');
    } catch {
      continue;
    }
    if (comm.startsWith('ServiceWorker')) ns += threadRunNs(pid, tid);
  }
  return ns / 1e6;
}

/**
 * CPU time (ms) so far of one thread (the main thread's tid is the pid).
 * @param {number} pid
 */
export function threadCpuMs(pid, tid = pid) {
  return threadRunNs(pid, tid) / 1e6;
}

/**
 * CPU time (ms) so far of a whole process, user + system (10 ms resolution).
 * @param {number} pid
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS;
  } catch {
    return 0;
  }
}
