/**
 * Check and keep-alive against the fixture server's server-side sessions
 * (server/server-sessions.ts: JSESSIONID ended after 20 s idle, with a check
 * URL /srv/api/me that answers 200 while it lives and 401 after). The sites
 * are on the loopback, where a check URL may be plain http.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { RESULTS_DIR } from './harness/artifacts';
import { mark } from './harness/dom-marker';
import { browserSuite, type SuiteContext } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { readNotices, startNoticeLog } from './harness/notices';
import { watchDomains } from './harness/options-view';
import { readStoredRecords } from './harness/storage-read';
import { visitSetting } from './harness/site';
import { readBadge, rgba, tabIdOf } from './harness/tab-badge';
import { sleep, waitFor } from './harness/wait';

/** The README's screenshots of the feature, replaced with UPDATE_SCREENSHOTS=1; else beside the other results. */
const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '../../docs/screenshots') : join(RESULTS_DIR, 'screenshots');

/** The whole text of a page, spaces folded. */
function pageText(page: TabHandle): Promise<string> {
  return page.evaluate(() => (document.body.textContent ?? '').replace(/\s+/g, ' '), null);
}

/** The server's idle timeout, seconds. */
const IDLE_S = 20;
const API = '127.0.0.1';
const FIXED = 'localhost';
const ME = '/srv/api/me';

interface Settings {
  domains: Record<string, unknown>[];
  [key: string]: unknown;
}

/** Changes the stored settings as the options page saves them (few domains: one `settings` item). */
async function updateSettings(page: TabHandle, patch: Record<string, unknown>, domainPatches: Record<string, Record<string, unknown>>) {
  await page.evaluate(
    async ([p, d]) => {
      const g = globalThis as unknown as ExtGlobal;
      const sync = (g.browser ?? g.chrome)!.storage.sync as unknown as {
        get(k: string): Promise<Record<string, Settings>>;
        set(v: Record<string, Settings>): Promise<void>;
      };
      const current = (await sync.get('settings')).settings!;
      const domains = current.domains.map((w) => ({ ...w, ...(d[w.domain as string] ?? {}) }));
      await sync.set({ settings: { ...current, ...p, domains } });
    },
    [patch, domainPatches] as const,
  );
}

type CheckAnswer = { ok: true; check: { result: string; status: number; by: string } } | { ok: false; error: string };

/** The popup's and options' "Check now": the message they send. */
function checkNow(page: TabHandle, domain: string): Promise<CheckAnswer> {
  return page.evaluate(async (d) => {
    const g = globalThis as unknown as ExtGlobal;
    const runtime = (g.browser ?? g.chrome)!.runtime as unknown as { sendMessage(m: unknown): Promise<CheckAnswer> };
    return runtime.sendMessage({ type: 'checkNow', payload: { domain: d } });
  }, domain);
}

/** The extension's own requests of the check URL on `host`, as the fixture server received them. */
function checksReceived(ctx: SuiteContext, host: string, since = 0) {
  return ctx.server.requests().filter((r) => r.host === host && r.path === ME && r.at >= since);
}

async function readSession(page: TabHandle, key: string): Promise<Record<string, Record<string, unknown>>> {
  return page.evaluate(async (k) => {
    const g = globalThis as unknown as ExtGlobal;
    const session = (g.browser ?? g.chrome)!.storage.session!;
    const all = await session.get(null);
    return (all[k] ?? {}) as Record<string, Record<string, unknown>>;
  }, key);
}

browserSuite('check-keep-alive', (ctx) => {
  let options: TabHandle;
  beforeAll(async () => {
    options = await watchDomains(ctx.driver, [API, FIXED]);
    await startNoticeLog(ctx.driver);
  }, 60_000);

  it('1: "Check now" says signed in, then signed out once the server ended the session, and ends the row', async () => {
    await visitSetting(ctx, API, `/srv/api/login?idle=${IDLE_S}`, 'JSESSIONID');
    // As a person does it: the site's "Server check" section, the URL typed, Enter, then "Check now".
    await options.evaluate((domain) => {
      for (const d of Array.from(document.querySelectorAll('details.domain-check'))) {
        if (d.closest('li')?.textContent?.includes(domain)) (d as HTMLDetailsElement).open = true;
      }
    }, API);
    const field = await mark(options, { field: `Check URL on ${API}` });
    await options.type(field, ctx.server.url(API, ME));
    await options.press(field, 'Enter');
    await options.click(await mark(options, { button: `Check ${API} now` }));
    await waitFor(async () => ((await pageText(options)).includes('Server: signed in, checked') ? true : undefined), {
      timeout: 10_000,
      message: '"Server: signed in" in the options',
    });
    expect(checksReceived(ctx, API)).toHaveLength(1);
    const popup = await ctx.driver.openExtensionPage('popup.html');
    await waitFor(async () => ((await pageText(popup)).includes('Server: signed in, checked') ? true : undefined), {
      timeout: 5_000,
      message: '"Server: signed in" on the popup row',
    });
    await popup.close();
    // The request carried the session cookie, as the browser sends it, and nothing else of the extension's.
    expect(checksReceived(ctx, API)[0]?.headers.cookie).toMatch(/JSESSIONID=/);
    expect((await readSession(options, 'checks'))[API]).toMatchObject({ result: 'signed-in', status: 200, redirected: false });

    await sleep((IDLE_S + 3) * 1000);
    const second = await checkNow(options, API);
    expect(second).toEqual({ ok: true, check: expect.objectContaining({ result: 'signed-out', status: 401 }) as unknown });
    expect(ctx.server.serverEnds().filter((e) => e.host === API)).toHaveLength(1);
    const ended = await waitFor(
      async () => {
        const records = [...(await readStoredRecords(ctx.driver)).values()];
        const r = records.find((x) => x.name === 'JSESSIONID' && x.domain === API);
        return r && (r.ended as { cause?: string } | null)?.cause === 'ended-by-server' ? r : undefined;
      },
      { timeout: 5_000, message: 'the JSESSIONID record ended by the server' },
    );
    expect(ended.ended).toMatchObject({ cause: 'ended-by-server' });
    const history = (await ctx.driver.readStorage('local'))[`history:${API}`] as { kind: string; result?: string; status?: number }[];
    expect(history.filter((e) => e.kind === 'checked').map((e) => [e.result, e.status])).toEqual([
      ['signed-in', 200],
      ['signed-out', 401],
    ]);
  }, 60_000);

  it('2: keep-alive keeps a 20 s-idle session alive for over 60 s with no page activity, then stops at the cap and says so', async () => {
    const login = Date.now();
    await visitSetting(ctx, API, `/srv/api/login?idle=${IDLE_S}`, 'JSESSIONID');
    // The tab the visit left open on the site: its badge is the site's.
    const tabId = await tabIdOf(ctx.driver, API);
    const endsBefore = ctx.server.serverEnds().filter((e) => e.host === API).length;
    // A cap of one minute after the login, the user's last activity on the site.
    await updateSettings(options, { keepAliveCapMinutes: 1 }, { [API]: { checkUrl: ctx.server.url(API, ME), keepAlive: true } });
    await sleep(25_000);
    const popup = await ctx.driver.openExtensionPage('popup.html');
    await waitFor(async () => ((await pageText(popup)).includes('Kept alive') ? true : undefined), {
      timeout: 5_000,
      message: '"Kept alive" on the popup row',
    });
    // The 20 s session is always inside its warning lead, but keep-alive renews it: no "ends soon" above the
    // table, and the row reads Active, as the badge of the site's tab does.
    expect(await popup.evaluate(() => document.querySelector('.expiring-message')?.textContent ?? null, null)).toBe('');
    expect(await popup.evaluate(() => Array.from(document.querySelectorAll('tbody .status'), (s) => s.textContent), null)).toEqual([
      'Active',
    ]);
    const badge = await waitFor(
      async () => {
        const b = await readBadge(ctx.driver, tabId);
        return b.title.includes(`${API}: `) ? b : undefined;
      },
      { timeout: 5_000, message: `the badge of the tab of ${API}` },
    );
    expect(badge.title).toContain(`${API}: Active`);
    expect(badge.color).toEqual(rgba('#137333'));
    if (ctx.browser === 'chromium') {
      await mkdir(SCREENSHOT_DIR, { recursive: true });
      await popup.screenshot(join(SCREENSHOT_DIR, 'popup-kept-alive.png'));
      await options.evaluate((domain) => {
        for (const d of Array.from(document.querySelectorAll('details.domain-check'))) {
          if (d.closest('li')?.textContent?.includes(domain)) {
            (d as HTMLDetailsElement).open = true;
            d.scrollIntoView();
          }
        }
      }, API);
      await options.screenshot(join(SCREENSHOT_DIR, 'options-check.png'));
    }
    await popup.close();
    await sleep(41_000);
    const kept = checksReceived(ctx, API, login);
    expect(kept.length, 'keep-alive requests in 66 s').toBeGreaterThanOrEqual(3);
    // Never more than one request in flight, never two closer than half the idle timeout, and no gap the server would end.
    const gaps = kept.slice(1).map((r, i) => r.at - (kept[i]?.at ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual((IDLE_S * 1000) / 2 - 1_000);
    expect(kept[0]!.at - login).toBeLessThan(IDLE_S * 1000);
    for (const gap of gaps) expect(gap).toBeLessThan(IDLE_S * 1000);
    expect(ctx.server.serverEnds().filter((e) => e.host === API)).toHaveLength(endsBefore);

    const state = await waitFor(
      async () => ((await readSession(options, 'keepAlive'))[API]?.stopped ? (await readSession(options, 'keepAlive'))[API] : undefined),
      {
        timeout: 10_000,
        message: 'keep-alive stopped at the cap',
      },
    );
    expect(state.stopped).toMatchObject({ reason: 'cap' });
    const history = (await ctx.driver.readStorage('local'))[`history:${API}`] as { kind: string; reason?: string; result?: string }[];
    expect(history.filter((e) => e.kind === 'keep-alive-stopped').map((e) => e.reason)).toEqual(['cap']);
    expect(history.filter((e) => e.kind === 'kept-alive').length).toBeGreaterThanOrEqual(3);
    const { shown } = await readNotices(ctx.driver);
    if (shown !== null) {
      expect(shown.filter((n) => n.id === `session-watch|keep-alive|${API}`).map((n) => n.title)).toEqual([`Keep-alive stopped — ${API}`]);
    }
    // Once stopped, nothing more is sent.
    const after = checksReceived(ctx, API).length;
    await sleep(IDLE_S * 1000);
    expect(checksReceived(ctx, API)).toHaveLength(after);
  }, 150_000);

  it('3: a fixed session is never kept alive', async () => {
    const since = Date.now();
    await visitSetting(ctx, FIXED, '/django/login?expiry=300', 'sessionid');
    await updateSettings(options, { keepAliveCapMinutes: 240 }, { [FIXED]: { checkUrl: ctx.server.url(FIXED, ME), keepAlive: true } });
    // The options say why, under the switch.
    await waitFor(async () => ((await pageText(options)).includes(`Keep-alive cannot help ${FIXED} now`) ? true : undefined), {
      timeout: 5_000,
      message: 'the reason keep-alive cannot help, in the options',
    });
    await sleep(25_000);
    expect(checksReceived(ctx, FIXED, since)).toEqual([]);
    expect((await readSession(options, 'keepAlive'))[FIXED]).toBeUndefined();
  }, 60_000);
});
