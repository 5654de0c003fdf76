import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Manifest, Runtime } from 'webextension-polyfill';
import { browserMode } from './clock';
import { FakeEvent } from './events';

const CHROMIUM_ID = 'abcdefghijklmnopabcdefghijklmnop';
const GECKO_ID = 'session-watch@session-watch.org';
const GECKO_UUID = '11111111-2222-3333-4444-555555555555';

// A path, not `new URL(…, import.meta.url)`: under jsdom the global URL is jsdom's and node:url refuses it.
const manifest = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../manifest.json'), 'utf8'),
) as Manifest.WebExtensionManifest;

type SendResponse = (response: unknown) => void;
type MessageListener = (message: unknown, sender: Runtime.MessageSender, sendResponse: SendResponse) => unknown;

const state = { optionsOpened: 0 };

const onMessage = new FakeEvent<MessageListener>();
const onInstalled = new FakeEvent<(details: Runtime.OnInstalledDetailsType) => void>();
const onStartup = new FakeEvent<() => void>();

function origin(): string {
  return browserMode() === 'chromium' ? `chrome-extension://${CHROMIUM_ID}/` : `moz-extension://${GECKO_UUID}/`;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * Delivers a message the way webextension-polyfill does: the first listener
 * that returns a promise (or `true` and later calls sendResponse) answers;
 * nobody answering rejects like the browsers' "Receiving end does not exist".
 */
function deliver(message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  const wire = structuredClone(message);
  return new Promise<unknown>((resolve, reject) => {
    let answered = false;
    const sendResponse: SendResponse = (response) => {
      if (answered) return;
      answered = true;
      resolve(structuredClone(response));
    };
    let waiting = false;
    for (const result of onMessage.dispatch(wire, { ...sender }, sendResponse)) {
      if (isThenable(result)) {
        waiting = true;
        result.then(sendResponse, (e: unknown) => {
          if (answered) return;
          answered = true;
          reject(e instanceof Error ? new Error(e.message) : new Error(String(e)));
        });
        break;
      }
      if (result === true) waiting = true;
    }
    if (!waiting && !answered) reject(new Error('Could not establish connection. Receiving end does not exist.'));
  });
}

export const runtime = {
  get id(): string {
    return browserMode() === 'chromium' ? CHROMIUM_ID : GECKO_ID;
  },
  getURL: (path: string): string => origin() + path.replace(/^\//, ''),
  getManifest: (): Manifest.WebExtensionManifest => structuredClone(manifest),
  /** Sent from the extension's popup page. */
  sendMessage: (message: unknown): Promise<unknown> => deliver(message, { id: runtime.id, url: runtime.getURL('popup.html') }),
  openOptionsPage: async (): Promise<void> => {
    state.optionsOpened += 1;
  },
  onMessage,
  onInstalled,
  onStartup,
  /** Firefox only: code tells the browsers apart by it. */
  get getBrowserInfo(): (() => Promise<Runtime.BrowserInfo>) | undefined {
    return browserMode() === 'firefox'
      ? () => Promise.resolve({ name: 'Firefox', vendor: 'Mozilla', version: '140.0', buildID: '20250101000000' })
      : undefined;
  },
};

/** Test controls for runtime. */
export const fakeRuntime = {
  /** A message from any sender: a content script, another page, a stranger. */
  deliver,
  /** The sender an extension page of ours would have. */
  pageSender(page = 'popup.html'): Runtime.MessageSender {
    return { id: runtime.id, url: runtime.getURL(page) };
  },
  install(reason: Runtime.OnInstalledReason = 'install'): void {
    onInstalled.dispatch({ reason, temporary: false });
  },
  startup(): void {
    onStartup.dispatch();
  },
  optionsOpened(): number {
    return state.optionsOpened;
  },
};

export function resetRuntime(): void {
  state.optionsOpened = 0;
  onMessage.clear();
  onInstalled.clear();
  onStartup.clear();
}
