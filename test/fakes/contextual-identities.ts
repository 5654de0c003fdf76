import type { ContextualIdentities } from 'webextension-polyfill';
import { fakeCookies } from './cookies';
import { FakeEvent } from './events';

/**
 * browser.contextualIdentities as Firefox has it (browser.ts hands it out in
 * Firefox mode only: Chromium has no such namespace). Each container owns a
 * cookie store `firefox-container-<n>`; removing one removes its store. A
 * user who turned containers off (privacy.userContext.enabled = false) gets
 * rejections. https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/contextualIdentities
 */
type Identity = ContextualIdentities.ContextualIdentity;

const state = { identities: new Map<string, Identity>(), disabled: false };

const onCreated = new FakeEvent<(changeInfo: ContextualIdentities.OnCreatedChangeInfoType) => void>();
const onUpdated = new FakeEvent<(changeInfo: ContextualIdentities.OnUpdatedChangeInfoType) => void>();
const onRemoved = new FakeEvent<(changeInfo: ContextualIdentities.OnRemovedChangeInfoType) => void>();

function checkEnabled(): void {
  if (state.disabled) throw new Error('Contextual identities are currently disabled');
}

function find(cookieStoreId: string): Identity {
  const identity = state.identities.get(cookieStoreId);
  if (!identity) throw new Error(`Invalid contextual identity: ${cookieStoreId}`);
  return identity;
}

export const contextualIdentities = {
  query: async (details: ContextualIdentities.QueryDetailsType): Promise<Identity[]> => {
    checkEnabled();
    return [...state.identities.values()].filter((c) => details.name === undefined || c.name === details.name).map((c) => ({ ...c }));
  },
  get: async (cookieStoreId: string): Promise<Identity> => {
    checkEnabled();
    return { ...find(cookieStoreId) };
  },
  create: async (details: ContextualIdentities.CreateDetailsType): Promise<Identity> => {
    checkEnabled();
    const cookieStoreId = fakeCookies.addStore('container');
    const identity: Identity = {
      name: details.name,
      color: details.color,
      icon: details.icon,
      cookieStoreId,
      colorCode: '#37adff',
      iconUrl: `resource://usercontext-content/${details.icon}.svg`,
    };
    state.identities.set(cookieStoreId, identity);
    onCreated.dispatch({ contextualIdentity: { ...identity } });
    return { ...identity };
  },
  update: async (cookieStoreId: string, details: ContextualIdentities.UpdateDetailsType): Promise<Identity> => {
    checkEnabled();
    const identity = { ...find(cookieStoreId), ...details };
    state.identities.set(cookieStoreId, identity);
    onUpdated.dispatch({ contextualIdentity: { ...identity } });
    return { ...identity };
  },
  remove: async (cookieStoreId: string): Promise<Identity> => {
    checkEnabled();
    const identity = find(cookieStoreId);
    state.identities.delete(cookieStoreId);
    fakeCookies.removeStore(cookieStoreId);
    onRemoved.dispatch({ contextualIdentity: { ...identity } });
    return { ...identity };
  },
  onCreated,
  onUpdated,
  onRemoved,
};

/** Test controls for containers. */
export const fakeContainers = {
  /** The user turns containers off in about:config: every call rejects. */
  disable(): void {
    state.disabled = true;
  },
};

export function resetContextualIdentities(): void {
  state.identities.clear();
  state.disabled = false;
  onCreated.clear();
  onUpdated.clear();
  onRemoved.clear();
}
