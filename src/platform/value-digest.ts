/**
 * Tells a cookie's new value from its old one without keeping either: a
 * keyed digest (HMAC-SHA-256, cut to 128 bits) under a random key that lives
 * in storage.session, which the browser keeps in memory only and forgets
 * when it quits. Without the key a digest says nothing about the value, and
 * the key never reaches the disk.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-session
 * https://developer.mozilla.org/docs/Web/API/SubtleCrypto/sign#hmac
 */
import browser from 'webextension-polyfill';

const KEY_ITEM = 'digestKey';
const KEY_BYTES = 32;

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes.length === KEY_BYTES ? bytes : null;
  } catch {
    return null;
  }
}

/** The session's key: the one stored, or a new one stored now (a malformed one is replaced). */
async function sessionKey(): Promise<CryptoKey> {
  const stored = (await browser.storage.session.get(KEY_ITEM))[KEY_ITEM];
  let raw: Uint8Array<ArrayBuffer> | null = typeof stored === 'string' ? fromBase64(stored) : null;
  if (raw === null) {
    raw = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
    await browser.storage.session.set({ [KEY_ITEM]: toBase64(raw) });
  }
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export type Digester = (value: string) => Promise<string>;

/**
 * A digester for this worker's life: the key is read (or made) once, on the
 * first digest. digest('abc') twice -> the same text; another value -> another text.
 */
export function createDigester(): Digester {
  let key: Promise<CryptoKey> | null = null;
  const encoder = new TextEncoder();
  return async (value) => {
    key ??= sessionKey().catch((e: unknown) => {
      // The next digest tries again.
      key = null;
      throw e;
    });
    const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(value));
    return toBase64(new Uint8Array(mac, 0, 16));
  };
}
