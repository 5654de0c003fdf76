import type { Storage } from 'webextension-polyfill';
import { SYNC_WRITES_PER_HOUR, SYNC_WRITES_PER_MINUTE } from '../../src/core/sync-quota';
import { browserMode, fakeClock } from './clock';
import { FakeEvent } from './events';

type Changes = Record<string, Storage.StorageChange>;
type Keys = null | undefined | string | string[] | Record<string, unknown>;

/**
 * What a value looks like after a round trip through the browser: Chromium
 * stores JSON (a Map or a Date comes back as {}), Firefox structured clones.
 * Either way the caller never shares an object with the store.
 */
function copy<T>(value: T): T {
  if (browserMode() === 'chromium') return JSON.parse(JSON.stringify(value)) as T;
  return structuredClone(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Chromium's storage.sync limits (Firefox's are the same numbers). */
const SYNC_QUOTA = { perItem: 8192, total: 102400 };

/** One storage area (local, sync, session) with the real get/set/remove/clear semantics. */
export class FakeStorageArea {
  private data = new Map<string, unknown>();
  /** When (fake clock) each write this area let through happened: Chrome's sync write quotas count them. */
  private writes: number[] = [];
  readonly onChanged = new FakeEvent<(changes: Changes) => void>();

  constructor(
    private readonly areaName: 'local' | 'sync' | 'session',
    private readonly emitGlobal: (changes: Changes, areaName: string) => void,
  ) {}

  get = async (keys?: Keys): Promise<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    if (keys === null || keys === undefined) {
      for (const [k, v] of this.data) out[k] = copy(v);
    } else if (typeof keys === 'string' || Array.isArray(keys)) {
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        if (this.data.has(k)) out[k] = copy(this.data.get(k));
      }
    } else {
      // An object gives defaults for the keys that are not stored.
      for (const [k, fallback] of Object.entries(keys)) {
        out[k] = this.data.has(k) ? copy(this.data.get(k)) : fallback;
      }
    }
    return out;
  };

  getKeys = async (): Promise<string[]> => [...this.data.keys()];

  getBytesInUse = async (keys?: null | string | string[]): Promise<number> => {
    const wanted = keys === null || keys === undefined ? [...this.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    return wanted.reduce((n, k) => (this.data.has(k) ? n + k.length + JSON.stringify(this.data.get(k)).length : n), 0);
  };

  set = async (items: Record<string, unknown>): Promise<void> => {
    const incoming = Object.entries(items).filter(([, v]) => v !== undefined);
    const stored = incoming.map(([k, v]) => [k, copy(v)] as const);
    if (this.areaName === 'sync') this.checkQuota(stored);
    this.countWrite();
    const changes: Changes = {};
    for (const [k, v] of stored) {
      const had = this.data.has(k);
      const old = this.data.get(k);
      this.data.set(k, v);
      // Chromium reports only keys whose value changed; Firefox reports every key written.
      if (browserMode() === 'chromium' && had && same(old, v)) continue;
      changes[k] = had ? { oldValue: copy(old), newValue: copy(v) } : { newValue: copy(v) };
    }
    this.emit(changes);
  };

  remove = async (keys: string | string[]): Promise<void> => {
    this.countWrite();
    const changes: Changes = {};
    for (const k of typeof keys === 'string' ? [keys] : keys) {
      if (!this.data.has(k)) continue;
      changes[k] = { oldValue: copy(this.data.get(k)) };
      this.data.delete(k);
    }
    this.emit(changes);
  };

  clear = async (): Promise<void> => {
    this.countWrite();
    const changes: Changes = {};
    for (const [k, v] of this.data) changes[k] = { oldValue: copy(v) };
    this.data.clear();
    this.emit(changes);
  };

  /** For assertions: everything stored, as the browser holds it. */
  snapshot(): Record<string, unknown> {
    return Object.fromEntries([...this.data].map(([k, v]) => [k, copy(v)]));
  }

  reset(): void {
    this.data.clear();
    this.writes = [];
    this.onChanged.clear();
  }

  private checkQuota(stored: ReadonlyArray<readonly [string, unknown]>): void {
    const size = (k: string, v: unknown) => k.length + JSON.stringify(v).length;
    for (const [k, v] of stored) {
      if (size(k, v) > SYNC_QUOTA.perItem) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    const after = new Map(this.data);
    for (const [k, v] of stored) after.set(k, v);
    let total = 0;
    for (const [k, v] of after) total += size(k, v);
    if (total > SYNC_QUOTA.total) throw new Error('QUOTA_BYTES quota exceeded');
  }

  /**
   * Chrome refuses a storage.sync write (set, remove or clear, whatever it
   * holds) past 120 in a minute or 1,800 in an hour, with these words, and
   * stores nothing of it; a refused write does not count. Firefox has no such limit.
   */
  private countWrite(): void {
    if (this.areaName !== 'sync' || browserMode() !== 'chromium') return;
    const now = fakeClock.now();
    this.writes = this.writes.filter((t) => t > now - 3_600_000);
    if (this.writes.filter((t) => t > now - 60_000).length >= SYNC_WRITES_PER_MINUTE) {
      throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.');
    }
    if (this.writes.length >= SYNC_WRITES_PER_HOUR) throw new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_HOUR quota.');
    this.writes.push(now);
  }

  private emit(changes: Changes): void {
    if (Object.keys(changes).length === 0) return;
    // The browsers deliver storage events asynchronously, after the write has landed.
    queueMicrotask(() => {
      this.onChanged.dispatch(changes);
      this.emitGlobal(changes, this.areaName);
    });
  }
}

const onChanged = new FakeEvent<(changes: Changes, areaName: string) => void>();
const emit = (changes: Changes, areaName: string) => {
  onChanged.dispatch(changes, areaName);
};

export const storage = {
  local: new FakeStorageArea('local', emit),
  sync: new FakeStorageArea('sync', emit),
  session: new FakeStorageArea('session', emit),
  onChanged,
};

export function resetStorage(): void {
  storage.local.reset();
  storage.sync.reset();
  storage.session.reset();
  onChanged.clear();
}
