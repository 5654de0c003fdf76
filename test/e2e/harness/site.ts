/** The test's own requests to the fixture site, and what the server set in answer. */
import type { SuiteContext } from './browser-suite';
import type { SiteTab } from './driver';
import type { SetCookieRecord } from '../server/session-server';

/** Visits `path` on `host` and returns the cookie `name` that response set (throws if none). */
export async function visitSetting(ctx: SuiteContext, host: string, path: string, name: string): Promise<SetCookieRecord> {
  const before = ctx.server.cookiesSet().length;
  await ctx.driver.visit(ctx.server.url(host, path));
  const set = ctx.server
    .cookiesSet()
    .slice(before)
    .filter((c) => c.host === host && c.name === name)
    .at(-1);
  if (!set) throw new Error(`GET ${host}${path} set no ${name} cookie`);
  return set;
}

/** Seconds the server says the cookie has left at `now`. */
export function serverRemaining(set: SetCookieRecord, now: number): number {
  if (set.expiresAt === null) throw new Error(`${set.name} is a browser-session cookie`);
  return (set.expiresAt - now) / 1000;
}

/** How much a read of the popup may lag the instant it was taken (evaluate round trip). */
export const READ_SLACK_S = 0.25;

/** Opens `path` on `host` in a tab of its own, kept open, and returns the tab and the cookie `name` that response set. */
export async function openSetting(
  ctx: SuiteContext,
  host: string,
  path: string,
  name: string,
): Promise<{ tab: SiteTab; set: SetCookieRecord }> {
  const before = ctx.server.cookiesSet().length;
  const tab = await ctx.driver.openSiteTab(ctx.server.url(host, path), host);
  const set = ctx.server
    .cookiesSet()
    .slice(before)
    .filter((c) => c.host === host && c.name === name)
    .at(-1);
  if (!set) throw new Error(`GET ${host}${path} set no ${name} cookie`);
  return { tab, set };
}

/** Loads `path` on `host` in a tab the test opened, and returns the cookie `name` that response set (throws if none). */
export async function gotoSetting(ctx: SuiteContext, tab: SiteTab, host: string, path: string, name: string): Promise<SetCookieRecord> {
  const before = ctx.server.cookiesSet().length;
  await tab.goto(ctx.server.url(host, path));
  const set = ctx.server
    .cookiesSet()
    .slice(before)
    .filter((c) => c.host === host && c.name === name)
    .at(-1);
  if (!set) throw new Error(`GET ${host}${path} set no ${name} cookie`);
  return set;
}
