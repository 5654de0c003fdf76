/**
 * The harness itself: the built extension loads, its background runs, and the
 * popup and options pages open as tabs and can be read.
 */
import { expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { ExtGlobal } from './harness/ext-api';

browserSuite(
  'the built extension loads',
  (ctx) => {
    it('runs its background', async () => {
      const description = await ctx.driver.background();
      expect(description).toMatch(/background/);
    });

    it('grants the test hosts up front', async () => {
      const probe = await ctx.driver.probe();
      const granted = await probe.evaluate(async () => {
        const g = globalThis as unknown as ExtGlobal;
        const api = g.browser ?? g.chrome;
        return api ? ((await api.permissions.getAll()).origins ?? []) : [];
      }, null);
      expect(granted).toEqual(expect.arrayContaining(['*://127.0.0.1/*', '*://*.example.test/*', '*://other.test/*']));
    });

    it.each(['popup.html', 'options.html'])('opens %s as a tab and reads it', async (path) => {
      const page = await ctx.driver.openExtensionPage(path, { ready: false });
      const seen = await page.evaluate(() => ({ href: location.href, ready: document.readyState, hasBody: document.body !== null }), null);
      expect(seen).toEqual({ href: `${ctx.driver.origin}/${path}`, ready: 'complete', hasBody: true });
      await page.close();
    });

    it('reaches the fixture server through the test host names', async () => {
      await ctx.driver.visit(ctx.server.url('app.example.test', '/php/login'));
      const set = ctx.server.lastSet('app.example.test', 'PHPSESSID');
      expect(set).toBeDefined();
      const probe = await ctx.driver.probe();
      const names = await probe.evaluate(async () => {
        const g = globalThis as unknown as ExtGlobal;
        const api = g.browser ?? g.chrome;
        return api ? (await api.cookies.getAll({ domain: 'app.example.test' })).map((c) => c.name) : [];
      }, null);
      expect(names).toContain('PHPSESSID');
    });
  },
  { file: import.meta.filename },
);
