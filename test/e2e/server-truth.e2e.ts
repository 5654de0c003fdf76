/**
 * Server truth: sessions the fixture server keeps on its side and ends after
 * 20 s idle (server/server-sessions.ts), with browser-session cookies that
 * say nothing of it. The extension sees only the requests the browser sends
 * and what the server answers.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { readNotices } from './harness/notices';
import { watchDomains } from './harness/options-view';
import { cell, remainingOf, statusOf, waitForRow } from './harness/popup-view';
import { READ_SLACK_S, visitSetting } from './harness/site';
import { sleep } from './harness/wait';

/** The server's idle timeout in these scenarios, seconds. */
const IDLE_S = 20;

/** The last request the fixture server saw from `host` (ms). */
function lastRequestTo(ctx: { server: { requests(): readonly { host: string; at: number; path: string }[] } }, host: string): number {
  const last = ctx.server
    .requests()
    .filter((r) => r.host === host && r.path !== '/favicon.ico')
    .at(-1);
  if (!last) throw new Error(`no request to ${host}`);
  return last.at;
}

browserSuite('server-truth', (ctx) => {
  let popup: TabHandle;
  beforeAll(async () => {
    const options = await watchDomains(ctx.driver, [HOSTS.srvApi, HOSTS.srvRedirect, HOSTS.srvPhp, HOSTS.srvSliding]);
    await options.close();
    popup = await ctx.driver.openExtensionPage('popup.html');
  }, 60_000);

  it('1: a Java browser-session cookie counts to the servlet default from the last request, and says it is a default', async () => {
    await visitSetting(ctx, HOSTS.srvApi, `/srv/api/login?idle=${IDLE_S}`, 'JSESSIONID');
    await sleep(1_500);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvApi, '/srv/api/page'));
    const last = lastRequestTo(ctx, HOSTS.srvApi);
    const { row, at } = await waitForRow(popup, HOSTS.srvApi, 'JSESSIONID', (r) => cell(r, 'Expires').text.includes('Java default'));
    expect(cell(row, 'Expires').text).toContain('Java default: about 30 m idle');
    const expected = (last + 30 * 60_000 - at) / 1000;
    expect(Math.abs(remainingOf(row) - expected), `Remaining ${remainingOf(row)} s vs ${expected.toFixed(1)} s`).toBeLessThanOrEqual(
      2 + READ_SLACK_S,
    );
    expect(statusOf(row)).toBe('Active');
  });

  it('2: a 401 on the return from 23 s idle says "Ended by server" with the gap; the gaps seen give a learned range', async () => {
    // A gap of 12 s the session survives, then 23 s that the server ends it after.
    await sleep(12_000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvApi, '/srv/api/page'));
    await sleep((IDLE_S + 3) * 1000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvApi, '/srv/api/page'));
    const serverEnd = ctx.server.serverEnds().find((e) => e.host === HOSTS.srvApi);
    expect(serverEnd, 'the fixture server ended the session').toBeDefined();
    const { row } = await waitForRow(popup, HOSTS.srvApi, 'JSESSIONID', (r) => statusOf(r) === 'Ended by server', {
      timeout: 5_000,
      what: '"Ended by server" after the 401',
    });
    const gapS = Math.round((serverEnd?.gapMs ?? 0) / 1000);
    expect(cell(row, 'Status').text).toMatch(new RegExp(`Ended by server after (${gapS - 1}|${gapS}|${gapS + 1}) s idle`));

    const stored = await ctx.driver.readStorage('local');
    const bounds = (stored.idleBounds ?? {}) as Record<string, { survivedMs: number; endedMs: number; sessions: number }>;
    const learned = bounds[`${HOSTS.srvApi}|JSESSIONID`];
    expect(learned?.sessions).toBe(1);
    expect(Math.round((learned?.survivedMs ?? 0) / 1000)).toBeGreaterThanOrEqual(12);
    expect(Math.round((learned?.endedMs ?? 0) / 1000)).toBe(gapS);
  });

  it('3: a new login counts to the learned end from the last request, warns before it, and says where it comes from', async () => {
    await visitSetting(ctx, HOSTS.srvApi, `/srv/api/login?idle=${IDLE_S}`, 'JSESSIONID');
    const last = lastRequestTo(ctx, HOSTS.srvApi);
    const { row, at } = await waitForRow(popup, HOSTS.srvApi, 'JSESSIONID', (r) => cell(r, 'Expires').text.includes('learned from'), {
      timeout: 5_000,
      what: 'the learned idle timeout in the Expires cell',
    });
    expect(cell(row, 'Expires').text).toMatch(/server idle timeout 1\d s–2\d s, learned from 1 session/);
    const stored = await ctx.driver.readStorage('local');
    const learned = (stored.idleBounds as Record<string, { survivedMs: number }>)[`${HOSTS.srvApi}|JSESSIONID`];
    const expected = (last + (learned?.survivedMs ?? 0) - at) / 1000;
    expect(Math.abs(remainingOf(row) - expected), `Remaining ${remainingOf(row)} s vs ${expected.toFixed(1)} s`).toBeLessThanOrEqual(
      2 + READ_SLACK_S,
    );
    // Inside the 2-minute lead at once: the warning is given before the end it counts to.
    expect(statusOf(row)).toBe('Expiring soon');
    const warned = await (async () => {
      for (let i = 0; i < 20; i++) {
        const { log } = await readNotices(ctx.driver);
        const key = Object.keys(log).find((k) => k.startsWith('warn|') && k.includes(`|${HOSTS.srvApi}|`) && k.includes('JSESSIONID'));
        if (key) return { key, at: log[key] ?? 0 };
        await sleep(250);
      }
      return null;
    })();
    expect(warned, 'a warning given for the JSESSIONID session').not.toBeNull();
    expect(warned?.at ?? Infinity).toBeLessThan(last + (learned?.survivedMs ?? 0));
  });

  it('4: a redirect to the login page on the return from idle ends the session too', async () => {
    await visitSetting(ctx, HOSTS.srvRedirect, `/srv/redirect/login?idle=${IDLE_S}`, 'SESSION');
    await sleep((IDLE_S + 2) * 1000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvRedirect, '/srv/redirect/page'));
    expect(ctx.server.requests().some((r) => r.host === HOSTS.srvRedirect && r.path === '/login')).toBe(true);
    const { row } = await waitForRow(popup, HOSTS.srvRedirect, 'SESSION', (r) => statusOf(r) === 'Ended by server', {
      timeout: 5_000,
      what: '"Ended by server" after the redirect to /login',
    });
    expect(cell(row, 'Status').text).toMatch(/after 2\d s idle/);
  });

  it('5: requests to a site that is not watched leave no trace', async () => {
    await ctx.driver.visit(ctx.server.url(HOSTS.srvIdle, '/page'));
    await ctx.driver.visit(ctx.server.url(HOSTS.srvIdle, '/srv/api/page'));
    await sleep(500);
    const session = await ctx.driver.readStorage('session');
    const activity = (session.activity ?? {}) as Record<string, unknown>;
    expect(Object.keys(activity).sort()).toEqual([HOSTS.srvApi, HOSTS.srvRedirect].sort());
    expect(Object.keys(activity)).not.toContain(HOSTS.srvIdle);
    const everything = JSON.stringify([session, await ctx.driver.readStorage('local'), await ctx.driver.readStorage('sync')]);
    expect(everything).not.toContain(HOSTS.srvIdle);
  });

  it('6: a new session id in answer to the return from idle (PHP) says "Ended by server"', async () => {
    const first = await visitSetting(ctx, HOSTS.srvPhp, `/srv/php/login?idle=${IDLE_S}`, 'PHPSESSID');
    await waitForRow(popup, HOSTS.srvPhp, 'PHPSESSID', (r) => cell(r, 'Expires').text.includes('PHP default'), {
      timeout: 5_000,
      what: "the PHP session counting to PHP's default",
    });
    await sleep((IDLE_S + 3) * 1000);
    const second = await visitSetting(ctx, HOSTS.srvPhp, '/srv/php/page', 'PHPSESSID');
    expect(second.value, 'the server gave a new id').not.toBe(first.value);
    const { row } = await waitForRow(popup, HOSTS.srvPhp, 'PHPSESSID', (r) => statusOf(r) === 'Ended by server', {
      timeout: 5_000,
      what: '"Ended by server" after the new id',
    });
    expect(cell(row, 'Status').text).toMatch(/after 2\d s idle/);
  });

  it('7: a sliding cookie with a shorter server idle timeout: ended by the server, then counted to what was learned', async () => {
    await visitSetting(ctx, HOSTS.srvSliding, `/srv/sliding/login?idle=${IDLE_S}`, 'laravel_session');
    await sleep(12_000);
    await visitSetting(ctx, HOSTS.srvSliding, '/srv/sliding/page', 'laravel_session');
    await sleep((IDLE_S + 3) * 1000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvSliding, '/srv/sliding/page'));
    await waitForRow(popup, HOSTS.srvSliding, 'laravel_session', (r) => statusOf(r) === 'Ended by server', {
      timeout: 5_000,
      what: '"Ended by server" after the 401',
    });
    await visitSetting(ctx, HOSTS.srvSliding, `/srv/sliding/login?idle=${IDLE_S}`, 'laravel_session');
    const last = lastRequestTo(ctx, HOSTS.srvSliding);
    const { row, at } = await waitForRow(
      popup,
      HOSTS.srvSliding,
      'laravel_session',
      (r) => cell(r, 'Expires').text.includes('learned from'),
      {
        timeout: 5_000,
        what: 'the learned idle timeout counted to, before the cookie expiry',
      },
    );
    const stored = await ctx.driver.readStorage('local');
    const learned = (stored.idleBounds as Record<string, { survivedMs: number }>)[`${HOSTS.srvSliding}|laravel_session`];
    expect(Math.round((learned?.survivedMs ?? 0) / 1000)).toBeGreaterThanOrEqual(12);
    const expected = (last + (learned?.survivedMs ?? 0) - at) / 1000;
    expect(Math.abs(remainingOf(row) - expected), `Remaining ${remainingOf(row)} s vs ${expected.toFixed(1)} s`).toBeLessThanOrEqual(
      2 + READ_SLACK_S,
    );
  });

  it('7b: a second session the server ends narrows the range: "learned from 2 sessions"', async () => {
    // The session of 7 lives on: a gap of 16 s it survives, then 23 s the server ends it after.
    await sleep(16_000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvSliding, '/srv/sliding/page'));
    await sleep((IDLE_S + 3) * 1000);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvSliding, '/srv/sliding/page'));
    await waitForRow(popup, HOSTS.srvSliding, 'laravel_session', (r) => statusOf(r) === 'Ended by server', {
      timeout: 5_000,
      what: 'the second "Ended by server"',
    });
    await visitSetting(ctx, HOSTS.srvSliding, `/srv/sliding/login?idle=${IDLE_S}`, 'laravel_session');
    const { row } = await waitForRow(popup, HOSTS.srvSliding, 'laravel_session', (r) => cell(r, 'Expires').text.includes('2 sessions'), {
      timeout: 5_000,
      what: 'the range learned from two sessions',
    });
    expect(cell(row, 'Expires').text).toMatch(/server idle timeout 1\d s–2\d s, learned from 2 sessions/);
    const stored = await ctx.driver.readStorage('local');
    const learned = (stored.idleBounds as Record<string, { survivedMs: number; endedMs: number; sessions: number }>)[
      `${HOSTS.srvSliding}|laravel_session`
    ];
    expect(learned?.sessions).toBe(2);
    expect(Math.round((learned?.survivedMs ?? 0) / 1000)).toBeGreaterThanOrEqual(16);
    expect(Math.round((learned?.endedMs ?? 0) / 1000)).toBeLessThanOrEqual(IDLE_S + 4);
  });
});
