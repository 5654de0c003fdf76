/**
 * Page -> worker messages, typed by MessageMap. The worker answers through
 * one handler object keyed by message name.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isEnvelope, type Envelope, type MessageName, type Request, type Response } from '../core/messages';

export type Handlers = { [K in MessageName]: (payload: Request<K>) => Promise<Response<K>> };

export function send<K extends MessageName>(type: K, payload: Request<K>): Promise<Response<K>> {
  return browser.runtime.sendMessage<{ type: K; payload: Request<K> }, Response<K>>({ type, payload });
}

/**
 * Only our own pages may talk to the worker: a content script (which we do
 * not have, but a compromised page could not fake one either) carries our id
 * but a web page's url and tab.
 */
export function isOwnPage(sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const base = browser.runtime.getURL('');
  if (typeof sender.url !== 'string' || !sender.url.startsWith(base)) return false;
  const tabUrl = sender.tab?.url;
  return tabUrl === undefined || tabUrl.startsWith(base);
}

function dispatch(handlers: Handlers, message: Envelope): Promise<unknown> {
  // The envelope pairs type and payload; TypeScript cannot follow that through an index.
  const handler = handlers[message.type] as (payload: Envelope['payload']) => Promise<unknown>;
  return handler(message.payload);
}

/**
 * Answers messages from our pages. Anything else gets no answer at all, so
 * its sender's promise rejects and learns nothing.
 */
export function serve(handlers: Handlers): () => void {
  const listener = (message: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined => {
    if (!isOwnPage(sender) || !isEnvelope(message)) return undefined;
    return dispatch(handlers, message);
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
