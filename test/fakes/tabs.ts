import type { Tabs } from 'webextension-polyfill';
import { FakeEvent } from './events';

const state = { tabs: [] as Tabs.Tab[], nextId: 1 };

function tab(url: string, active: boolean): Tabs.Tab {
  return {
    id: state.nextId++,
    index: state.tabs.length,
    windowId: 1,
    url,
    active,
    highlighted: active,
    pinned: false,
    incognito: false,
  };
}

const onActivated = new FakeEvent<(info: Tabs.OnActivatedActiveInfoType) => void>();
const onUpdated = new FakeEvent<(tabId: number, changeInfo: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => void>();

export const tabs = {
  query: async (q: Tabs.QueryQueryInfoType): Promise<Tabs.Tab[]> =>
    state.tabs
      .filter((t) => q.active === undefined || t.active === q.active)
      .filter((t) => q.url === undefined || q.url === t.url)
      .map((t) => ({ ...t })),
  create: async (p: Tabs.CreateCreatePropertiesType): Promise<Tabs.Tab> => {
    const t = tab(p.url ?? 'about:blank', p.active ?? true);
    if (t.active) for (const other of state.tabs) other.active = false;
    state.tabs.push(t);
    return { ...t };
  },
  onActivated,
  onUpdated,
};

export const fakeTabs = {
  /** The tab the user is looking at (its url is visible through activeTab); null for none. */
  setActive(url: string | null): void {
    for (const t of state.tabs) t.active = false;
    if (url !== null) state.tabs.push(tab(url, true));
  },
  all(): Tabs.Tab[] {
    return state.tabs.map((t) => ({ ...t }));
  },
};

export function resetTabs(): void {
  state.tabs = [];
  state.nextId = 1;
  onActivated.clear();
  onUpdated.clear();
}
