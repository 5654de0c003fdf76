import type { Notifications } from 'webextension-polyfill';
import { browserMode } from './clock';
import { FakeEvent } from './events';

const state = { shown: new Map<string, Notifications.CreateNotificationOptions>(), nextId: 1 };

const onClicked = new FakeEvent<(notificationId: string) => void>();
const onClosed = new FakeEvent<(notificationId: string, byUser: boolean) => void>();
const onButtonClicked = new FakeEvent<(notificationId: string, buttonIndex: number) => void>();

/**
 * Chromium refuses a "basic" notification without any of these (its message, verbatim);
 * Firefox's schema wants type, title and message, and shows no icon without one.
 * https://source.chromium.org/chromium/chromium/src/+/main:chrome/browser/extensions/api/notifications/notifications_api.cc (kMissingRequiredPropertiesForCreateNotification)
 */
const CHROMIUM_REQUIRED = ['type', 'iconUrl', 'title', 'message'] as const;
const FIREFOX_REQUIRED = ['type', 'title', 'message'] as const;

/** Browsers deliver events in a later task, never inside the call that caused them. */
function later(fn: () => void): void {
  queueMicrotask(fn);
}

export const notifications = {
  create: async (
    idOrOptions: string | undefined | Notifications.CreateNotificationOptions,
    maybeOptions?: Notifications.CreateNotificationOptions,
  ): Promise<string> => {
    const options = typeof idOrOptions === 'object' ? idOrOptions : maybeOptions;
    if (!options) throw new Error('notifications.create needs options');
    const required = browserMode() === 'chromium' ? CHROMIUM_REQUIRED : FIREFOX_REQUIRED;
    const missing = required.filter((key) => options[key] === undefined || options[key] === '');
    if (missing.length > 0) {
      throw new Error(
        browserMode() === 'chromium'
          ? 'Some of the required properties are missing: type, iconUrl, title and message.'
          : `Type error for parameter options (Property "${missing[0]}" is required) for notifications.create.`,
      );
    }
    const id = typeof idOrOptions === 'string' && idOrOptions !== '' ? idOrOptions : `notification-${state.nextId++}`;
    state.shown.set(id, structuredClone(options));
    return id;
  },
  /** Takes the notification down; both browsers then report it closed, not by the user. */
  clear: async (id: string): Promise<boolean> => {
    const had = state.shown.delete(id);
    if (had) later(() => onClosed.dispatch(id, false));
    return had;
  },
  /** Chromium answers {id: true}; Firefox gives each notification's options. */
  getAll: async (): Promise<Record<string, unknown>> =>
    Object.fromEntries([...state.shown].map(([id, o]) => [id, browserMode() === 'chromium' ? true : structuredClone(o)])),
  onClicked,
  onClosed,
  onButtonClicked,
};

export const fakeNotifications = {
  shown(): Array<{ id: string } & Notifications.CreateNotificationOptions> {
    return [...state.shown].map(([id, o]) => ({ id, ...structuredClone(o) }));
  },
  click(id: string): void {
    onClicked.dispatch(id);
  },
  /** The notification goes away: dismissed by the user, or (byUser false) timed out or closed by the system. */
  close(id: string, byUser = true): void {
    if (state.shown.delete(id)) later(() => onClosed.dispatch(id, byUser));
  },
};

export function resetNotifications(): void {
  state.shown.clear();
  state.nextId = 1;
  onClicked.clear();
  onClosed.clear();
  onButtonClicked.clear();
}
