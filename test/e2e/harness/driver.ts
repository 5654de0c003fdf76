/**
 * One small surface over both browsers, so a scenario is written once and runs
 * in Chromium (playwright-core, CDP) and Firefox (puppeteer-core, WebDriver BiDi).
 */
export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

export type StorageArea = 'local' | 'sync' | 'session';

/** A tab: an extension page, the probe, or the tab the fixture site loads in. */
export interface TabHandle {
  readonly label: string;
  /** Runs `fn` in the page. It is serialised: it may use only its argument and globals. */
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  click(selector: string): Promise<void>;
  /** Types key by key into the element, as a person would. */
  type(selector: string, text: string): Promise<void>;
  /** Focuses the element and presses one key ("Enter", "Tab"), as a person would. */
  press(selector: string, key: string): Promise<void>;
  /** Makes it the foreground tab: a background tab may be hidden and stop rendering (Firefox headless). */
  bringToFront(): Promise<void>;
  /** A PNG of the page; `clip` (CSS pixels) takes that rectangle of it, beyond the viewport too. */
  screenshot(path: string, options?: { clip?: Rect }): Promise<void>;
  /** Resizes the tab's viewport (CSS pixels). */
  setViewport(width: number, height: number): Promise<void>;
  /**
   * Evaluates source text in the page through the driver's protocol, not as
   * a <script>: extension pages forbid inline and injected scripts (CSP).
   */
  evaluateSource<R>(source: string): Promise<R>;
  /** Chooses the option with `value` in a <select>, as a person would. */
  select(selector: string, value: string): Promise<void>;
  close(): Promise<void>;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ColorScheme = 'light' | 'dark';

/** A host-only cookie for `host` with path "/", set straight in the browser's store. */
export interface TestCookie {
  host: string;
  name: string;
  value: string;
  /** Seconds since the epoch. */
  expires: number;
}

/** A file a page handed to the browser's downloads. */
export interface DownloadedFile {
  name: string;
  text: string;
  /** How the test got hold of it. */
  via: string;
}

/** A tab of the fixture site the test opened itself (one per site: a badge is per tab). */
export interface SiteTab extends TabHandle {
  /** Loads another fixture-site URL in this tab (the test's own request, listed in visits()). */
  goto(url: string): Promise<void>;
}

/** A notification the extension showed, as the browser got it. */
export interface ShownNotification {
  id: string;
  title: string;
  message: string;
  /** When it was shown (ms). */
  at: number;
}

/** A request the browser says came from an extension context (not from a test's own navigation). */
export interface ExtensionRequest {
  at: number;
  url: string;
  method: string;
  /** "worker", "background" or the page it came from. */
  source: string;
}

export interface Driver {
  readonly name: BrowserName;
  /** "chrome-extension://<id>" or "moz-extension://<uuid>". */
  readonly origin: string;
  /**
   * Opens `path` of the extension as a normal tab; with `ready` (the default)
   * waits until the page sets `data-ready="true"` on <html>.
   */
  openExtensionPage(path: string, options?: { ready?: boolean; timeout?: number }): Promise<TabHandle>;
  /**
   * An extension-origin tab that runs none of the product's code
   * (`manifest.json`): reads storage, cookies and permissions with the
   * extension's privileges without waking the popup or options logic.
   */
  probe(): Promise<TabHandle>;
  /** Loads a fixture-site URL in the one site tab (the test's own request). */
  visit(url: string): Promise<void>;
  /** Opens a new tab on a fixture-site URL and keeps it open until closed. */
  openSiteTab(url: string, label: string): Promise<SiteTab>;
  /** Every URL this driver's visit(), openSiteTab() and SiteTab.goto() loaded. */
  visits(): readonly string[];
  readStorage(area: StorageArea): Promise<Record<string, unknown>>;
  /** Describes the running background (worker URL / event page URL); throws if there is none. */
  background(): Promise<string>;
  /** What this browser lets a test see of requests extension contexts made; see `requestVisibility`. */
  extensionRequests(): Promise<readonly ExtensionRequest[]>;
  readonly requestVisibility: string;
  /** Console output of extension pages and the background, prefixed by source. */
  consoleLines(): readonly string[];
  tabs(): readonly TabHandle[];
  /**
   * Makes the background fetch `url`. Only the harness self-check uses it, to
   * prove the request detectors see what the background does.
   */
  fetchFromBackground(url: string): Promise<void>;
  /**
   * Runs `fn` with the global object of the extension's background as it runs
   * now (Chromium: the service worker; Firefox: the event page, through the
   * probe). `fn` is serialised: it may use only its arguments. Throws when no
   * background runs. Whatever `fn` leaves there is gone once the browser
   * stops the background.
   */
  evaluateInBackground<R, A>(fn: (background: typeof globalThis, arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /**
   * Every notification the extension showed since launch, recorded on the
   * browser's side, so it survives the background being stopped (Firefox: a
   * chrome-privileged stand-in for the alerts service). Absent where the
   * browser offers no such place; harness/notices.ts then records in the background.
   */
  shownNotices?: () => Promise<ShownNotification[]>;
  /**
   * When (ms) the background started, as the browser reported it (Chromium:
   * each service worker start; Firefox: each event page start since launch).
   */
  backgroundStarts(): Promise<readonly number[]>;
  /**
   * Stops the extension's background as the browser does when idle
   * (Chromium: CDP ServiceWorker.stopWorker; Firefox: the event page's
   * terminateBackground(), what its idle timeout calls) and waits until it
   * has stopped; false if it was not running.
   */
  stopWorker(): Promise<boolean>;
  /**
   * Sets cookies in the browser's store as a burst of site responses would,
   * with none of the product's code involved (Chromium: CDP via playwright's
   * context.addCookies; Firefox: cookies.set from the probe).
   */
  setCookies(cookies: readonly TestCookie[]): Promise<void>;
  /** Removes the cookie `name` of `host` from the store (Chromium: context.clearCookies; Firefox: cookies.remove from the probe). */
  removeCookie(host: string, name: string): Promise<void>;
  /**
   * Runs `trigger` (a click that makes `tab` download a file) and returns
   * the file as the browser saved it.
   */
  captureDownload(tab: TabHandle, trigger: () => Promise<void>): Promise<DownloadedFile>;
  /**
   * Chromium only: the colour scheme a tab's `prefers-color-scheme` reports
   * (Firefox takes it at launch: LaunchOptions.colorScheme).
   */
  emulateColorScheme?: (tab: TabHandle, scheme: ColorScheme) => Promise<void>;
  /** The scheme pages see unless emulated otherwise (LaunchOptions.colorScheme, else light). */
  readonly colorScheme: ColorScheme;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Unpacked extension folder. */
  extensionDir: string;
  /** Port of the proxy sink that takes every request for a non-test host. */
  sinkPort: number;
  /** What `prefers-color-scheme` says in every page (default light). */
  colorScheme?: ColorScheme;
}
