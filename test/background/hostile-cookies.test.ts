import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cookieId } from '../../src/core/observe';
import { MARK_NAME_MAX } from '../../src/core/settings-defaults';
import { readHistory } from '../../src/platform/history-store';
import { send } from '../../src/platform/messaging';
import browser, { type BrowserMode, fakeClock, fakeCookies, fakeNotifications, fakeRuntime, resetBrowser } from '../fakes/browser';
import { DEFAULT_NOW } from '../fakes/clock';
import {
  allStorageText,
  grantAccess,
  startTestWorker,
  stopTestWorkers,
  storedRecords,
  unhandledRejections,
  watch,
  watched,
} from '../fakes/worker';

const NOW = DEFAULT_NOW;
const MODES: BrowserMode[] = ['chromium', 'firefox'];
const CONSOLE = ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const;
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
const b64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const jwt = (payload: object) =>
  `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(payload))}.${b64url('HV-signature-bytes')}`;

/** Names a site may send: stored and shown as given, as text. */
const NAMES = [
  '<img src=x onerror=alert(1)>',
  '"><script>alert("x")</script>',
  `ctl${CONTROL}\u007f`,
  'admin\u202Etxt.exe\u2066',
  'n'.repeat(4096),
  '🍪session🔑',
  '__proto__',
  'constructor',
  '=HYPERLINK("http://evil.test")',
  'pipe|in|name',
  'lone\uD800surrogate',
];

const isMarkable = (name: string) => name.length <= MARK_NAME_MAX;

/** Values, each marked HV<n>- so any trace of one is found; none may reach storage or the console. */
const VALUES = [
  'HV0-<b>bold</b><svg onload=alert(1)>',
  `HV1-${CONTROL}\u202E\u2028`,
  `HV2-${'v'.repeat(4090)}`,
  'HV3-🍪🔑👩‍💻',
  jwt({ sub: 'HV4-user', exp: NOW / 1000 + 600, iat: NOW / 1000 }),
  `HV5.${b64url('{"exp":"soon"}')}.x`,
  'HV6-{"value":"nested","__proto__":{"a":1}}',
  `HV7-${'%00%0a'.repeat(100)}`,
  jwt({ sub: 'HV8-admin', exp: 1e300 }),
  'HV9-=cmd|"/c calc"!A1',
  'HV10-\uDFFFhalf',
];

/** How a value could show up: as itself, or escaped inside JSON. */
function traces(value: string): string[] {
  const parts = value.includes('.') ? value.split('.').filter((p) => p.length >= 8) : [];
  return [value, JSON.stringify(value).slice(1, -1), value.slice(0, 12), ...parts];
}

const unhandled = unhandledRejections();

beforeEach(() => resetBrowser());

afterEach(() => {
  stopTestWorkers();
  vi.restoreAllMocks();
});

describe('hostile cookie names and values', () => {
  it.each(MODES)('values reach no storage area, no console and no notice; names are kept as given; nothing throws (%s)', async (mode) => {
    resetBrowser({ mode });
    const spies = CONSOLE.map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    // The user marked every name that fits as a session, so each path that only sessions take (history, notices) sees them.
    const marks: Record<string, boolean> = {};
    for (const name of NAMES.filter(isMarkable)) {
      Object.defineProperty(marks, name, { value: true, enumerable: true, writable: true, configurable: true });
    }
    const example = { ...watched('example.com'), marks };
    await watch(example);
    grantAccess(example);
    const half = Math.ceil(NAMES.length / 2);
    const set = (i: number, value: string, maxAge: number) =>
      fakeCookies.receive({ url: 'https://example.com/', name: NAMES[i] ?? '', value, maxAge });

    // Half the cookies are already there when the worker starts: the scan reads them.
    for (let i = 0; i < half; i++) set(i, VALUES[i] ?? '', 3600);
    const worker = startTestWorker();
    fakeRuntime.install();
    await worker.idle();

    // The rest arrive as events; then each is re-sent with another hostile value, some close to expiry.
    for (let i = half; i < NAMES.length; i++) set(i, VALUES[i] ?? '', 3600);
    fakeClock.advance(1_000);
    for (let i = 0; i < NAMES.length; i++) set(i, VALUES[(i + 3) % VALUES.length] ?? '', i % 3 === 0 ? 60 : 3600);
    await worker.idle();
    // A warning is due for those, a few log out, one is set through the API, then a scan and a clear.
    fakeClock.advance(10_000);
    for (let i = 1; i < NAMES.length; i += 4) set(i, '', 0);
    await browser.cookies.set({ url: 'https://example.com/', name: NAMES[2] ?? '', value: VALUES[4] ?? '' });
    await worker.idle();
    expect(await send('rescan', {})).toMatchObject({ watched: expect.any(Number) as unknown });
    const ended = Object.values(storedRecords())
      .filter((r) => r.ended !== null)
      .map((r) => r.id);
    expect(ended.length).toBeGreaterThan(0);
    expect(await send('clearEnded', { ids: ended })).toEqual({ cleared: ended.length });
    await worker.idle();

    // Names are stored as given, as text: in the records and in the history.
    const names = new Set(Object.values(storedRecords()).map((r) => r.name));
    for (let i = 0; i < NAMES.length; i += 1) {
      if ((i - 1) % 4 !== 0) expect(names.has(NAMES[i] ?? '')).toBe(true);
    }
    const record =
      storedRecords()[cookieId({ storeId: fakeCookies.defaultStoreId(), domain: 'example.com', path: '/', name: '__proto__' })];
    expect(record).toMatchObject({ name: '__proto__', ended: null });
    const logged = new Set((await readHistory('example.com')).map((e) => e.name));
    // The one name too long to mark is no session by its name either: it has a record and no history.
    for (const name of NAMES) expect(logged.has(name)).toBe(isMarkable(name));
    // A JWT in a value gives its expiry, and only that.
    expect(Object.values(storedRecords()).find((r) => r.name === NAMES[2])?.tokenExpiresAt).toBe(NOW + 600_000);

    // The warnings were given, naming cookies.
    expect(fakeNotifications.shown().length).toBeGreaterThan(0);
    // No value anywhere: storage, console, notices.
    const notices = JSON.stringify(await browser.notifications.getAll()) + JSON.stringify(fakeNotifications.shown());
    const consoleText = spies.flatMap((s) => s.mock.calls.flat().map(String)).join('\n');
    for (const value of VALUES) {
      for (const trace of traces(value)) {
        expect(allStorageText()).not.toContain(trace);
        expect(consoleText).not.toContain(trace);
        expect(notices).not.toContain(trace);
      }
    }
    expect(allStorageText()).not.toMatch(/HV\d/);
    expect(allStorageText()).not.toMatch(/"value"/);
    // Nothing threw: no failure was logged and no promise was left rejected.
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    expect(unhandled).toEqual([]);
  });
});
