import type { Action } from 'webextension-polyfill';

/**
 * browser.action's badge and title, per tab and global. As in both
 * browsers, a tab's own settings are dropped when the tab navigates to a
 * new page or closes (fakeTabs does that), and a tab without its own value
 * shows the global one.
 */
interface Look {
  text?: string;
  color?: Action.ColorValue;
  textColor?: Action.ColorValue;
  title?: string;
}

const DEFAULT_TITLE = 'Session Watch';

const state = { global: {} as Look, tabs: new Map<number, Look>() };

function lookOf(tabId: number | undefined): Look {
  if (tabId === undefined) return state.global;
  let look = state.tabs.get(tabId);
  if (!look) {
    look = {};
    state.tabs.set(tabId, look);
  }
  return look;
}

function rejectWindowAndTab(d: Action.Details): void {
  if (d.tabId !== undefined && d.windowId !== undefined) throw new Error('Cannot specify both tabId and windowId.');
}

/** Both browsers take any CSS colour; an obviously wrong one rejects. */
function checkColor(color: Action.ColorValue): void {
  if (typeof color === 'string' && !/^(#[0-9a-f]{3,8}|[a-z]+|rgba?\(.*\))$/i.test(color)) throw new Error(`Invalid color: ${color}`);
}

export const action = {
  setBadgeText: async (d: Action.SetBadgeTextDetailsType): Promise<void> => {
    rejectWindowAndTab(d);
    const look = lookOf(d.tabId);
    if (d.text === null) delete look.text;
    else look.text = d.text;
  },
  getBadgeText: async (d: Action.Details): Promise<string> => state.tabs.get(d.tabId ?? -1)?.text ?? state.global.text ?? '',
  setBadgeBackgroundColor: async (d: Action.SetBadgeBackgroundColorDetailsType): Promise<void> => {
    rejectWindowAndTab(d);
    checkColor(d.color);
    lookOf(d.tabId).color = d.color;
  },
  setBadgeTextColor: async (d: Action.SetBadgeTextColorDetailsType): Promise<void> => {
    rejectWindowAndTab(d);
    checkColor(d.color);
    lookOf(d.tabId).textColor = d.color;
  },
  setTitle: async (d: Action.SetTitleDetailsType): Promise<void> => {
    rejectWindowAndTab(d);
    const look = lookOf(d.tabId);
    if (d.title === null) delete look.title;
    else look.title = d.title;
  },
  getTitle: async (d: Action.Details): Promise<string> => state.tabs.get(d.tabId ?? -1)?.title ?? state.global.title ?? DEFAULT_TITLE,
};

/** Test controls: what a tab's toolbar button shows. */
export const fakeAction = {
  /** The badge as the user sees it on tab `tabId`: its own settings, else the global ones. */
  badge(tabId: number): { text: string; color: Action.ColorValue | undefined; textColor: Action.ColorValue | undefined; title: string } {
    const own = state.tabs.get(tabId) ?? {};
    return {
      text: own.text ?? state.global.text ?? '',
      color: own.color ?? state.global.color,
      textColor: own.textColor ?? state.global.textColor,
      title: own.title ?? state.global.title ?? DEFAULT_TITLE,
    };
  },
  /** What the browser does to a tab's own settings on navigation or close. */
  forgetTab(tabId: number): void {
    state.tabs.delete(tabId);
  },
};

export function resetAction(): void {
  state.global = {};
  state.tabs.clear();
}
