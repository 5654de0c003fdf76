/**
 * The extension's stored records against the browser's cookie store: after
 * any burst of changes every live cookie of a watched host must have a live
 * record with the same expiry, and no live record may name a cookie that is gone.
 */
import type { Driver } from './driver';
import type { ExtGlobal } from './ext-api';
import { readStoredRecords, type StoredRecord } from './storage-read';

export interface StoreComparison {
  /** Live cookies in the browser's store. */
  cookies: number;
  /** Records not ended. */
  liveRecords: number;
  /** Live cookies without a live record. */
  missing: string[];
  /** Live records whose expiry differs from the cookie's (ms). */
  wrongExpiry: string[];
  /** Live records of cookies the store no longer holds. */
  stale: string[];
}

export function matches(c: StoreComparison): boolean {
  return c.missing.length === 0 && c.wrongExpiry.length === 0 && c.stale.length === 0;
}

export function describeComparison(c: StoreComparison, max = 10): string {
  const list = (xs: string[]) => `${xs.length}${xs.length > 0 ? ` (${xs.slice(0, max).join('; ')}${xs.length > max ? '; …' : ''})` : ''}`;
  return `cookies ${c.cookies}, live records ${c.liveRecords}; missing ${list(c.missing)}; wrong expiry ${list(c.wrongExpiry)}; stale ${list(c.stale)}`;
}

/** Compares the host-only cookies of `hosts` with their records in storage.local. */
export async function compareWithStore(driver: Driver, hosts: readonly string[]): Promise<StoreComparison> {
  const probe = await driver.probe();
  const cookies = await probe.evaluate(
    async (list) => {
      const g = globalThis as unknown as ExtGlobal;
      const api = g.browser ?? g.chrome;
      const now = Date.now() / 1000;
      const out: { id: string; expiresAt: number | null }[] = [];
      for (const host of list) {
        for (const c of (await api?.cookies.getAll({ domain: host })) ?? []) {
          // Firefox hands back cookies whose expiry has passed: they are gone.
          if (c.domain !== host || (c.expirationDate !== undefined && c.expirationDate <= now)) continue;
          out.push({
            id: `${c.storeId}|${c.domain}|${c.path}|${c.name}`,
            expiresAt: c.expirationDate === undefined ? null : c.expirationDate * 1000,
          });
        }
      }
      return out;
    },
    [...hosts],
  );
  const records = new Map<string, StoredRecord>();
  for (const r of (await readStoredRecords(driver)).values()) {
    if (hosts.includes(r.domain) && r.ended === null) records.set(r.id, r);
  }
  const live = new Map(cookies.map((c) => [c.id, c]));
  const missing: string[] = [];
  const wrongExpiry: string[] = [];
  for (const c of cookies) {
    const r = records.get(c.id);
    if (!r) missing.push(c.id);
    else if (r.expiresAt === null || c.expiresAt === null ? r.expiresAt !== c.expiresAt : Math.abs(r.expiresAt - c.expiresAt) > 1) {
      wrongExpiry.push(`${c.id}: record ${r.expiresAt}, cookie ${c.expiresAt}`);
    }
  }
  const stale = [...records.keys()].filter((id) => !live.has(id));
  return { cookies: cookies.length, liveRecords: records.size, missing, wrongExpiry, stale };
}
