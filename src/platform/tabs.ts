/**
 * Tabs, seen through host permissions only: without the "tabs" permission
 * both browsers give a tab's url just for hosts we have access to (the
 * watched sites) and for the tab activeTab was granted on. That is all the
 * badge needs. https://developer.chrome.com/docs/extensions/reference/api/tabs#type-Tab
 * (Firefox since 86: https://bugzilla.mozilla.org/show_bug.cgi?id=1679688)
 */
import browser, { type Tabs } from 'webextension-polyfill';

/** A tab whose page we may see. */
export interface TabPage {
  id: number;
  windowId: number;
  url: string;
}

/** The url of the tab the user is looking at; visible to the popup through activeTab. */
export async function activeTabUrl(): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.url ?? null;
}

function pageOf(tab: Tabs.Tab): TabPage | null {
  // Devtools windows and the like carry TAB_ID_NONE (-1).
  if (tab.id === undefined || tab.id < 0 || !tab.url) return null;
  return { id: tab.id, windowId: tab.windowId ?? -1, url: tab.url };
}

/** Every tab whose url we may see. */
export async function visibleTabs(): Promise<TabPage[]> {
  const pages: TabPage[] = [];
  for (const tab of await browser.tabs.query({})) {
    const page = pageOf(tab);
    if (page) pages.push(page);
  }
  return pages;
}

/** One tab, if it still exists and we may see its url. */
export async function tabPage(tabId: number): Promise<TabPage | null> {
  try {
    return pageOf(await browser.tabs.get(tabId));
  } catch {
    // Closed meanwhile.
    return null;
  }
}

/** Brings a tab to the front: selects it and raises its window. */
export async function focusTab(tab: Pick<TabPage, 'id' | 'windowId'>): Promise<void> {
  await browser.tabs.update(tab.id, { active: true });
  if (tab.windowId !== -1) await browser.windows.update(tab.windowId, { focused: true });
}

/** Opens url in a new tab, or in a new window when none is open (Chromium on macOS keeps running without one). */
export async function openTab(url: string): Promise<void> {
  try {
    await browser.tabs.create({ url });
  } catch {
    await browser.windows.create({ url });
  }
}

/**
 * Calls cb when a tab we may see starts loading or finishes loading a page.
 * Other updates (title, favicon, audio) and tabs we may not see are ignored.
 * Chromium has no onUpdated filter, so the check is ours.
 */
export function onTabNavigated(cb: (tab: TabPage) => void): () => void {
  const listener = (_tabId: number, change: Tabs.OnUpdatedChangeInfoType, tab: Tabs.Tab) => {
    if (change.status === undefined && change.url === undefined) return;
    const page = pageOf(tab);
    if (page) cb(page);
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}

/** Calls cb with the id of the tab the user switched to. */
export function onTabActivated(cb: (tabId: number) => void): () => void {
  const listener = (info: Tabs.OnActivatedActiveInfoType) => cb(info.tabId);
  browser.tabs.onActivated.addListener(listener);
  return () => browser.tabs.onActivated.removeListener(listener);
}
