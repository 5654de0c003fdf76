/**
 * Scenario 8: the extension keeps no cookie value anywhere and makes no
 * request of its own. What "no request" can be shown to mean differs per
 * browser: see Driver.requestVisibility.
 */
import { expect, it } from 'vitest';
import type { SuiteContext } from './browser-suite';
import type { Driver, StorageArea } from './driver';
import type { RecordedRequest, SessionServer } from '../server/session-server';
import type { SinkRequest } from '../server/proxy-sink';

export type StorageDump = Record<StorageArea | 'localStorage', unknown>;

export async function dumpStorage(driver: Driver): Promise<StorageDump> {
  const probe = await driver.probe();
  const pageStorage = await probe.evaluate(() => {
    const out: Record<string, string | null> = {};
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key !== null) out[key] = localStorage.getItem(key);
    }
    return out;
  }, null);
  return {
    local: await driver.readStorage('local'),
    sync: await driver.readStorage('sync'),
    session: await driver.readStorage('session'),
    localStorage: pageStorage,
  };
}

/** Every place (path in the dump) where a secret appears, in a key or a string. */
export function findSecrets(dump: unknown, secrets: readonly string[]): string[] {
  const hits: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      for (const s of secrets) if (value.includes(s)) hits.push(`${path} holds "${s.slice(0, 12)}…"`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        for (const s of secrets) if (k.includes(s)) hits.push(`key ${path}.${k} holds "${s.slice(0, 12)}…"`);
        visit(v, `${path}.${k}`);
      }
    }
  };
  visit(dump, '$');
  return hits;
}

/** Requests the fixture server got that no visit() of the test (or its favicon fetch) explains. */
export function unexplainedRequests(server: SessionServer, driver: Driver): RecordedRequest[] {
  const visited = new Set<string>();
  const visitedHosts = new Set<string>();
  for (const url of driver.visits()) {
    const u = new URL(url);
    visited.add(`${u.hostname}${u.pathname}${u.search}`);
    visitedHosts.add(u.hostname);
  }
  return server.requests().filter((r) => !visited.has(`${r.host}${r.path}`) && !(r.path === '/favicon.ico' && visitedHosts.has(r.host)));
}

/** Sink requests that name the extension as their origin or referrer. */
export function extensionSinkRequests(server: SessionServer, driver: Driver): SinkRequest[] {
  return server.sink
    .requests()
    .filter((r) => r.origin?.startsWith(driver.origin) || r.referer?.startsWith(driver.origin) || r.target.includes(driver.origin));
}

export async function expectNothingLeaked(ctx: SuiteContext): Promise<void> {
  const { driver, server } = ctx;
  const secrets = server.secrets();
  expect(secrets.length, 'the fixture server set cookies to look for').toBeGreaterThan(0);

  const dump = await dumpStorage(driver);
  expect.soft(findSecrets(dump, secrets), 'cookie values in extension storage (local, sync, session, localStorage)').toEqual([]);
  expect.soft(findSecrets(driver.consoleLines(), secrets), 'cookie values in the extension console').toEqual([]);
  expect.soft(await driver.extensionRequests(), `requests by extension contexts (${driver.requestVisibility})`).toEqual([]);
  expect.soft(unexplainedRequests(server, driver), 'requests to the fixture server the test did not make').toEqual([]);
  expect.soft(extensionSinkRequests(server, driver), 'requests to other hosts carrying the extension origin').toEqual([]);
}

/** The last test of a browser suite: everything the scenarios above did left no trace. */
export function itLeavesNoTrace(ctx: SuiteContext): void {
  it('8: stores no cookie value and makes no request of its own', async () => {
    await expectNothingLeaked(ctx);
  });
}
