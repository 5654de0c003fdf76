import type { Notifications } from 'webextension-polyfill';
import { browserMode } from './clock';
import { FakeEvent } from './events';

const state = { shown: new Map<string, Notifications.CreateNotificationOptions>(), nextId: 1 };

const onClicked = new FakeEvent<(notificationId: string) => void>();
const onClosed = new FakeEvent<(notificationId: string, byUser: boolean) => void>();
const onButtonClicked = new FakeEvent<(notificationId: string, buttonIndex: number) => void>();

export const notifications = {
  create: async (
    idOrOptions: string | undefined | Notifications.CreateNotificationOptions,
    maybeOptions?: Notifications.CreateNotificationOptions,
  ): Promise<string> => {
    const options = typeof idOrOptions === 'object' ? idOrOptions : maybeOptions;
    if (!options) throw new Error('notifications.create needs options');
    const id = typeof idOrOptions === 'string' && idOrOptions !== '' ? idOrOptions : `notification-${state.nextId++}`;
    state.shown.set(id, structuredClone(options));
    return id;
  },
  clear: async (id: string): Promise<boolean> => state.shown.delete(id),
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
};

export function resetNotifications(): void {
  state.shown.clear();
  state.nextId = 1;
  onClicked.clear();
  onClosed.clear();
  onButtonClicked.clear();
}
