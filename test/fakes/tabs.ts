import type { Tabs, Windows } from 'webextension-polyfill';
import { fakeAction } from './action';
import { FakeEvent } from './events';
import { originCovered } from './permissions';

/**
 * browser.tabs and browser.windows as an extension without the "tabs"
 * permission sees them: a tab's url and title only for hosts it has access
 * to, and for the tab activeTab was granted on (until it navigates away).
 * Navigating a tab or closing it drops its own toolbar badge, as both
 * browsers do.
 */
interface FakeTab {
  tab: Tabs.Tab;
  /** activeTab: the user invoked the extension (opened the popup) on this page. */
  activeTabGrant: boolean;
}

const state = { tabs: [] as FakeTab[], nextId: 1, nextWindowId: 2, focusedWindow: 1 };

const onActivated = new FakeEvent<(info: Tabs.OnActivatedActiveInfoType) => void>();
const onUpdated = new FakeEvent<(tabId: number, changeInfo: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => void>();

function urlVisible(t: FakeTab): boolean {
  if (t.activeTabGrant) return true;
  const url = t.tab.url;
  if (url === undefined || !URL.canParse(url)) return false;
  const { protocol, hostname } = new URL(url);
  return (protocol === 'http:' || protocol === 'https:') && originCovered(`${protocol}//${hostname}/*`);
}

/** The tab as the extension is handed it. */
function view(t: FakeTab): Tabs.Tab {
  const copy = { ...t.tab };
  if (!urlVisible(t)) {
    delete copy.url;
    delete copy.title;
  }
  return copy;
}

function find(tabId: number): FakeTab {
  const t = state.tabs.find((x) => x.tab.id === tabId);
  if (!t) throw new Error(`No tab with id: ${tabId}.`);
  return t;
}

function add(url: string, active: boolean, windowId: number, activeTabGrant: boolean): FakeTab {
  const t: FakeTab = {
    tab: {
      id: state.nextId++,
      index: state.tabs.filter((x) => x.tab.windowId === windowId).length,
      windowId,
      url,
      active: false,
      highlighted: false,
      pinned: false,
      incognito: false,
    },
    activeTabGrant,
  };
  state.tabs.push(t);
  if (active) select(t);
  return t;
}

/** Makes t the active tab of its window; returns the tab that was active before. */
function select(t: FakeTab): number | undefined {
  let previous: number | undefined;
  for (const other of state.tabs) {
    if (other.tab.windowId !== t.tab.windowId) continue;
    if (other.tab.active && other !== t) previous = other.tab.id;
    other.tab.active = other === t;
    other.tab.highlighted = other === t;
  }
  return previous;
}

function activate(t: FakeTab): void {
  const previousTabId = select(t);
  const info: Tabs.OnActivatedActiveInfoType = { tabId: t.tab.id ?? -1, windowId: t.tab.windowId ?? -1 };
  if (previousTabId !== undefined) info.previousTabId = previousTabId;
  onActivated.dispatch(info);
}

/** A page load: "loading" with the new url, then "complete"; the url only where the extension may see it. */
function load(t: FakeTab, url: string): void {
  const id = t.tab.id ?? -1;
  fakeAction.forgetTab(id);
  // Chromium and Firefox revoke activeTab once the tab leaves the page it was granted on.
  t.activeTabGrant = false;
  t.tab.url = url;
  onUpdated.dispatch(id, urlVisible(t) ? { status: 'loading', url } : { status: 'loading' }, view(t));
  onUpdated.dispatch(id, { status: 'complete' }, view(t));
}

export const tabs = {
  query: async (q: Tabs.QueryQueryInfoType): Promise<Tabs.Tab[]> =>
    state.tabs
      .filter((t) => q.active === undefined || t.tab.active === q.active)
      .filter((t) => q.currentWindow === undefined || (t.tab.windowId === state.focusedWindow) === q.currentWindow)
      .filter((t) => q.windowId === undefined || t.tab.windowId === q.windowId)
      .filter((t) => q.url === undefined || q.url === t.tab.url)
      .map(view),
  get: async (tabId: number): Promise<Tabs.Tab> => view(find(tabId)),
  create: async (p: Tabs.CreateCreatePropertiesType): Promise<Tabs.Tab> => {
    const t = add('about:blank', p.active ?? true, p.windowId ?? state.focusedWindow, false);
    // The browsers report the new tab's load after create has answered.
    if (p.url !== undefined) {
      const url = p.url;
      queueMicrotask(() => load(t, url));
      t.tab.url = url;
    }
    return view(t);
  },
  update: async (tabId: number, p: Tabs.UpdateUpdatePropertiesType): Promise<Tabs.Tab> => {
    const t = find(tabId);
    if (p.url !== undefined) load(t, p.url);
    if (p.active === true && !t.tab.active) activate(t);
    return view(t);
  },
  onActivated,
  onUpdated,
};

export const windows = {
  update: async (windowId: number, p: Windows.UpdateUpdateInfoType): Promise<Windows.Window> => {
    if (!state.tabs.some((t) => t.tab.windowId === windowId)) throw new Error(`No window with id: ${windowId}.`);
    if (p.focused === true) state.focusedWindow = windowId;
    return { id: windowId, focused: state.focusedWindow === windowId, incognito: false, alwaysOnTop: false };
  },
  create: async (p: Windows.CreateCreateDataType = {}): Promise<Windows.Window> => {
    const windowId = state.nextWindowId++;
    state.focusedWindow = windowId;
    const url = typeof p.url === 'string' ? p.url : 'about:blank';
    const t = add('about:blank', true, windowId, false);
    queueMicrotask(() => load(t, url));
    t.tab.url = url;
    return { id: windowId, focused: true, incognito: false, alwaysOnTop: false };
  },
};

export const fakeTabs = {
  /** The tab the user is looking at (its url is visible through activeTab); null for none. */
  setActive(url: string | null): void {
    for (const t of state.tabs) t.tab.active = false;
    if (url !== null) add(url, true, state.focusedWindow, true);
  },
  /** Every tab with its real url, whatever the extension may see. */
  all(): Tabs.Tab[] {
    return state.tabs.map((t) => ({ ...t.tab }));
  },
  /** The user opens url in a new tab (active by default) of a window (the focused one by default); returns its id. */
  open(url: string, options: { active?: boolean; windowId?: number } = {}): number {
    const windowId = options.windowId ?? state.focusedWindow;
    if (windowId >= state.nextWindowId) state.nextWindowId = windowId + 1;
    const t = add('about:blank', false, windowId, false);
    if (options.active ?? true) activate(t);
    load(t, url);
    return t.tab.id ?? -1;
  },
  /** The user follows a link or types a url in tab `tabId`. */
  navigate(tabId: number, url: string): void {
    load(find(tabId), url);
  },
  /** The user switches to tab `tabId`. */
  activate(tabId: number): void {
    activate(find(tabId));
  },
  /** The user closes tab `tabId`. */
  close(tabId: number): void {
    find(tabId);
    state.tabs = state.tabs.filter((t) => t.tab.id !== tabId);
    fakeAction.forgetTab(tabId);
  },
  focusedWindow(): number {
    return state.focusedWindow;
  },
};

export function resetTabs(): void {
  state.tabs = [];
  state.nextId = 1;
  state.nextWindowId = 2;
  state.focusedWindow = 1;
  onActivated.clear();
  onUpdated.clear();
}
