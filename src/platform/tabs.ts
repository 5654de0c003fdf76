import browser from 'webextension-polyfill';

/** The url of the tab the user is looking at; visible to the popup through activeTab. */
export async function activeTabUrl(): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.url ?? null;
}
