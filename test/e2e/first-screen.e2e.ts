/**
 * The popup's first screen in a real browser: the worker keeps the rows the
 * popup lists first in one storage key, and the popup paints them before it
 * reads the whole store. Read the moment the popup marks itself ready (in a
 * frame of an extension page), its first paint must already be true: the
 * rows the records hold, each counted to the end the worker counts to.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { FIRST_SCREEN_HINT_KEY } from '../../src/core/first-screen';
import { HOSTS } from './harness/hosts';
import { watchDomains } from './harness/options-view';
import { cell, findRow, readFirstPaint, readPopup, statusOf } from './harness/popup-view';
import { visitSetting } from './harness/site';
import { sleep, waitFor } from './harness/wait';

/** Writes the first screen as a stale or broken worker might have left it. */
function storeFirstScreen(page: TabHandle, value: unknown): Promise<void> {
  return page.evaluate(async (v) => {
    const g = globalThis as unknown as ExtGlobal;
    const local = (g.browser ?? g.chrome)!.storage.local as unknown as { set(items: Record<string, unknown>): Promise<void> };
    await local.set({ firstScreen: v });
  }, value);
}

browserSuite('first-screen', (ctx) => {
  let options: TabHandle;
  beforeAll(async () => {
    options = await watchDomains(ctx.driver, [HOSTS.srvApi]);
  }, 60_000);

  it('1: the first paint lists the first screen, a Java session counted from the last request to its idle end', async () => {
    await visitSetting(ctx, HOSTS.srvApi, '/srv/api/login?idle=600', 'JSESSIONID');
    await sleep(1_500);
    await ctx.driver.visit(ctx.server.url(HOSTS.srvApi, '/srv/api/page'));
    const last = ctx.server
      .requests()
      .filter((r) => r.host === HOSTS.srvApi && r.path === '/srv/api/page')
      .at(-1)?.at;
    expect(last, 'the request after the login').toBeDefined();
    // The worker's first screen names the session, and its activity log has the request.
    await waitFor(
      async () => {
        const screen = (await ctx.driver.readStorage('local')).firstScreen as { ids?: unknown } | undefined;
        return Array.isArray(screen?.ids) && screen.ids.some((id) => typeof id === 'string' && id.endsWith('|JSESSIONID'))
          ? true
          : undefined;
      },
      { timeout: 10_000, message: 'the first screen naming JSESSIONID' },
    );
    await waitFor(
      async () => {
        const activity = (await ctx.driver.readStorage('session')).activity as Record<string, { lastRequestAt?: number }> | undefined;
        return (activity?.[HOSTS.srvApi]?.lastRequestAt ?? 0) >= (last ?? Infinity) - 1_000 ? true : undefined;
      },
      { timeout: 10_000, message: `the request to ${HOSTS.srvApi} in the activity log` },
    );

    const first = await readFirstPaint(options);
    const row = findRow(first, HOSTS.srvApi, 'JSESSIONID');
    expect(row, `rows of the first paint: ${first.rows.map((r) => r.id).join(', ')}`).toBeDefined();
    // Not counted from the login: the first paint knows the last request, as the whole popup does.
    expect(statusOf(row!)).toBe('Active');
    expect(cell(row!, 'Expires').text).toContain('Java default: about 30 m idle');
    expect(cell(row!, 'Expires').text).toContain('counted from the last request');

    // And the popup, read in full once it has settled, says the same.
    const popup = await ctx.driver.openExtensionPage('popup.html');
    const settled = await waitFor(async () => findRow(await readPopup(popup), HOSTS.srvApi, 'JSESSIONID'), {
      timeout: 5_000,
      message: 'the JSESSIONID row in the popup',
    });
    expect(cell(settled, 'Expires').text).toBe(cell(row!, 'Expires').text);
    await popup.close();
  });

  it('2: the popup keeps the first screen’s ids (ids only) in its own localStorage, and a wrong hint changes no row of the first paint', async () => {
    const screen = (await ctx.driver.readStorage('local')).firstScreen as { ids: string[] };
    const real = screen.ids.find((id) => id.endsWith('|JSESSIONID'));
    expect(real, 'the session in the first screen').toBeDefined();
    // The popups of the scenario before wrote it as soon as they had read the first screen.
    // Values are never in it: the privacy scenario finds no cookie value in any storage, this one included.
    await waitFor(
      async () => {
        const text = await options.evaluate((key) => localStorage.getItem(key), FIRST_SCREEN_HINT_KEY);
        return text === JSON.stringify(screen.ids) ? text : undefined;
      },
      { timeout: 5_000, message: 'the first screen’s ids in the extension’s localStorage' },
    );

    // A hint naming a cookie the records never held, and not the session.
    const ghost = real!.replace(/JSESSIONID$/, 'GHOSTSESSID');
    await options.evaluate(([key, text]) => localStorage.setItem(key, text), [FIRST_SCREEN_HINT_KEY, JSON.stringify([ghost])] as const);
    const view = await readFirstPaint(options);
    expect(view.rows.map((r) => r.id)).toEqual(screen.ids);
    expect(findRow(view, HOSTS.srvApi, 'JSESSIONID'), 'the session, missed by the hint').toBeDefined();
  });

  it('3: with the worker stopped and a first screen naming a cookie that is gone, or a broken one, the first paint shows only what the records hold', async () => {
    const screen = (await ctx.driver.readStorage('local')).firstScreen as { ids: string[] };
    const real = screen.ids.find((id) => id.endsWith('|JSESSIONID'));
    expect(real, 'the session in the first screen').toBeDefined();
    // The same store and site, a name the records never held.
    const ghost = real!.replace(/JSESSIONID$/, 'GHOSTSESSID');
    expect(await ctx.driver.stopWorker(), 'the worker was running').toBe(true);
    // Written after the worker's last run, as if it had stopped before removing the record: the popup reads it alone.
    await storeFirstScreen(options, { ...screen, ids: [ghost, ...screen.ids] });
    const stale = await readFirstPaint(options);
    expect(stale.rows.map((r) => r.id)).not.toContain(ghost);
    expect(findRow(stale, HOSTS.srvApi, 'JSESSIONID'), 'the session the records hold').toBeDefined();

    for (const broken of ['not a first screen', { ids: 'not a list' }]) {
      await storeFirstScreen(options, broken);
      const view = await readFirstPaint(options);
      // No first screen to paint: the popup's first paint is the whole store's, within a second of opening.
      expect(view.readyMs).toBeLessThan(1_000);
      expect(view.rows.map((r) => r.id)).toEqual([real]);
    }
  });
});
