/**
 * The popup's first screen in a real browser: the worker keeps the rows the
 * popup lists first, with their records and the records' stamp, in one
 * storage key, and the popup paints them before it reads the whole store. Read the moment the popup marks itself ready (in a
 * frame of an extension page), its first paint must already be true: the
 * rows the records hold, each counted to the end the worker counts to.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { RECORDS_STAMP_KEY, recordKey } from '../../src/core/stored-records';
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

  it('2: the first screen carries its rows’ records as stored, with the stamp of the records it was read with', async () => {
    // Checked once the worker has caught up with its last write (a write stamps the records, the planner then the first screen).
    const stored = await waitFor(
      async () => {
        const local = await ctx.driver.readStorage('local');
        const screen = local.firstScreen as { ids: string[]; rows: string[]; stamp: string | null };
        return screen.stamp !== null && screen.stamp === local[RECORDS_STAMP_KEY] ? { local, screen } : undefined;
      },
      { timeout: 10_000, message: 'the first screen stamped as the records are' },
    );
    const { local, screen } = stored;
    expect(screen.ids.some((id) => id.endsWith('|JSESSIONID'))).toBe(true);
    expect(screen.rows.map((row) => JSON.parse(row) as unknown)).toEqual(
      screen.ids.map((id) => JSON.parse(local[recordKey(id)] as string) as unknown),
    );
    // A cookie value is never in it: the privacy scenario finds none in any storage, this key included.
  });

  it('3: with the worker stopped, a first screen not stamped as the records are shows only what the records hold; one that is, its own rows', async () => {
    const local = await ctx.driver.readStorage('local');
    const screen = local.firstScreen as { ids: string[]; rows: string[]; stamp: string };
    const at = screen.ids.findIndex((id) => id.endsWith('|JSESSIONID'));
    expect(at, 'the session in the first screen').toBeGreaterThanOrEqual(0);
    const real = screen.ids[at]!;
    const record = JSON.parse(screen.rows[at]!) as { id: string; name: string; ended: unknown };
    // The same store and site, a name the records never held.
    const ghost = real.replace(/JSESSIONID$/, 'GHOSTSESSID');
    const ghostRow = JSON.stringify({ ...record, id: ghost, name: 'GHOSTSESSID' });
    expect(await ctx.driver.stopWorker(), 'the worker was running').toBe(true);
    // As if the worker had stopped after stamping a removal, before writing the first screen again: the popup reads it alone.
    await storeFirstScreen(options, {
      ...screen,
      ids: [ghost, ...screen.ids],
      rows: [ghostRow, ...screen.rows],
      stamp: 'an earlier stamp',
    });
    const stale = await readFirstPaint(options);
    expect(stale.rows.map((r) => r.id)).not.toContain(ghost);
    expect(statusOf(findRow(stale, HOSTS.srvApi, 'JSESSIONID')!), 'the session the records hold').toBe('Active');

    // Stamped as the records are, its rows are painted as it carries them, without reading the records:
    // a row changed by hand shows the change on the first paint, and the whole store's read then the truth.
    const changed = screen.rows.map((row, i) =>
      i === at ? JSON.stringify({ ...record, ended: { cause: 'logged-out', at: Date.now() } }) : row,
    );
    await storeFirstScreen(options, { ...screen, rows: changed });
    const painted = await readFirstPaint(options);
    expect(statusOf(findRow(painted, HOSTS.srvApi, 'JSESSIONID')!)).toBe('Logged out');

    for (const broken of ['not a first screen', { ids: 'not a list' }]) {
      await storeFirstScreen(options, broken);
      const view = await readFirstPaint(options);
      // No first screen to paint: the popup's first paint is the whole store's, within a second of opening.
      expect(view.readyMs).toBeLessThan(1_000);
      expect(view.rows.map((r) => r.id)).toEqual([real]);
      expect(statusOf(view.rows[0]!)).toBe('Active');
    }
  });

  it('4: what one storage.local.set writes, a get of another page sees whole or not at all (the records and their stamp)', async () => {
    const reader = await ctx.driver.openExtensionPage('options.html');
    const keys = ['e2e:atomic:record', 'e2e:atomic:stamp'] as const;
    const rounds = 300;
    type Area = { set(items: Record<string, unknown>): Promise<void>; get(keys: readonly string[]): Promise<Record<string, unknown>> };
    const [, seen] = await Promise.all([
      options.evaluate(
        async ([k, n]) => {
          const g = globalThis as unknown as ExtGlobal;
          const local = (g.browser ?? g.chrome)!.storage.local as unknown as Area;
          for (let i = 1; i <= n; i++) await local.set({ [k[0]]: `record ${i}`, [k[1]]: `stamp ${i}` });
        },
        [keys, rounds] as const,
      ),
      reader.evaluate(
        async ([k, n]) => {
          const g = globalThis as unknown as ExtGlobal;
          const local = (g.browser ?? g.chrome)!.storage.local as unknown as Area;
          const pairs: string[] = [];
          for (let i = 0; i < n; i++) {
            const items = await local.get(k);
            pairs.push(`${String(items[k[0]])} / ${String(items[k[1]])}`);
          }
          return pairs;
        },
        [keys, rounds] as const,
      ),
    ]);
    await reader.close();
    // Read while the writes went on: several different pairs, and every one whole.
    expect(new Set(seen).size, 'pairs read while writing').toBeGreaterThan(5);
    const torn = seen.filter((pair) => {
      const [a, b] = pair.split(' / ');
      return a?.replace('record', '') !== b?.replace('stamp', '');
    });
    expect(torn).toEqual([]);
  });
});
