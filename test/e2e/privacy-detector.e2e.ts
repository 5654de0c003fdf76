/**
 * The privacy check must be able to fail: plant each kind of leak it looks
 * for and see it reported, an https request from the background included.
 * Runs in its own browsers, after the product's own scenarios have nothing
 * more to prove there.
 */
import { expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { ExtGlobal } from './harness/ext-api';
import { HOSTS } from './harness/hosts';
import { dumpStorage, extensionSinkRequests, findSecrets, unexplainedRequests } from './harness/privacy';
import { visitSetting } from './harness/site';
import { sleep } from './harness/wait';

type Messaging = { runtime: { sendMessage(message: unknown): Promise<unknown> } };

browserSuite(
  'the privacy check sees planted leaks',
  (ctx) => {
    it('flags a stored cookie value, a request to the site and one to elsewhere', async () => {
      const set = await visitSetting(ctx, HOSTS.app, '/php/login', 'PHPSESSID');
      const probe = await ctx.driver.probe();
      await probe.evaluate(async (value) => {
        const g = globalThis as unknown as ExtGlobal;
        const api = (g.browser ?? g.chrome) as unknown as {
          storage: Record<'local' | 'sync' | 'session', { set(items: Record<string, unknown>): Promise<void> }>;
        };
        await api.storage.local.set({ planted: { nested: [`x${value}x`] } });
        await api.storage.sync.set({ [`key-${value}`]: 1 });
        await api.storage.session.set({ planted: value });
      }, set.value);
      const dump = await dumpStorage(ctx.driver);
      expect(findSecrets(dump, ctx.server.secrets())).toHaveLength(3);

      const fromPage = ctx.server.url(HOSTS.app, '/planted/page');
      const fromBackground = ctx.server.url(HOSTS.app, '/planted/background');
      await probe.evaluate(async (u) => {
        await fetch(u).catch(() => undefined);
      }, fromPage);
      await ctx.driver.fetchFromBackground(fromBackground);
      await ctx.driver.fetchFromBackground('http://elsewhere.invalid/planted');
      // https to elsewhere reaches the sink only as a CONNECT to a host name, with no origin to tell it by:
      // the browser's own record of the extension's requests has to see it.
      await ctx.driver.fetchFromBackground('https://elsewhere.invalid/planted-https');
      // And from a background started again after a stop, which a watch of the first one would miss.
      expect(await ctx.driver.stopWorker(), 'the background was running').toBe(true);
      await probe.evaluate(async () => {
        const g = globalThis as unknown as { browser?: Messaging; chrome?: Messaging };
        await (g.browser ?? g.chrome)?.runtime.sendMessage({ type: 'rescan', payload: {} });
      }, null);
      await ctx.driver.fetchFromBackground('https://elsewhere.invalid/after-restart');
      await sleep(300);

      expect(unexplainedRequests(ctx.server, ctx.driver).map((r) => r.path)).toEqual(
        expect.arrayContaining(['/planted/page', '/planted/background']),
      );
      expect(extensionSinkRequests(ctx.server, ctx.driver).map((r) => r.target)).toContain('http://elsewhere.invalid/planted');
      const background = ctx.browser === 'chromium' ? 'worker' : 'background';
      const seen = (await ctx.driver.extensionRequests()).map((r) => `${r.source.split(' ')[0]} ${r.url}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          `page ${fromPage}`,
          `${background} ${fromBackground}`,
          `${background} http://elsewhere.invalid/planted`,
          `${background} https://elsewhere.invalid/planted-https`,
          `${background} https://elsewhere.invalid/after-restart`,
        ]),
      );
      expect(seen, 'every request the test planted, and nothing else').toHaveLength(5);
    });
  },
  { file: import.meta.filename },
);
