/**
 * The toolbar badge of one tab. Both browsers reset a tab's badge when the
 * tab navigates to a new page, so the worker sets it again on navigation.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/action/setBadgeText
 */
import browser from 'webextension-polyfill';

export interface TabBadge {
  /** At most four characters; '' shows no badge. */
  text: string;
  /** The tooltip, which says in words what the badge's colour says. */
  title: string;
  /** CSS colours; left as they are when absent. */
  color?: string;
  textColor?: string;
}

export async function setTabBadge(tabId: number, badge: TabBadge): Promise<void> {
  const calls: Promise<void>[] = [
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setTitle({ tabId, title: badge.title }),
  ];
  if (badge.color !== undefined) calls.push(browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }));
  // Chromium before 110 has no setBadgeTextColor and picks the text colour itself.
  if (badge.textColor !== undefined && typeof browser.action.setBadgeTextColor === 'function') {
    calls.push(browser.action.setBadgeTextColor({ tabId, color: badge.textColor }));
  }
  await Promise.all(calls);
}
