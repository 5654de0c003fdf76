/**
 * Hardening: what a hostile or busy site, a stopped worker and a revoked
 * permission must not be able to do to the extension.
 * a) hostile cookie names and values stay inert text, keep the popup's layout,
 *    and their values reach neither storage nor any console;
 * c) the worker stopped in the middle of a burst of 200 cookie changes:
 *    afterwards the records match the browser's cookie store (120 new
 *    cookies), and the 40 older ones removed in it show as ended;
 * d) a burst of 1,000 cookie changes loses no update;
 * e) access taken back at runtime shows "Access needed", and "Grant access"
 *    brings the rows back without a reload (Firefox; see the Chromium test);
 * b) after all of it: no cookie value stored or logged, no request of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { RESULTS_DIR } from './harness/artifacts';
import { browserSuite, itExcept } from './harness/browser-suite';
import type { TabHandle } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { HOSTS } from './harness/hosts';
import { mark } from './harness/dom-marker';
import { watchDomains } from './harness/options-view';
import { readPopup, setShowAll, statusOf, waitForRow } from './harness/popup-view';
import { dumpStorage, expectNothingLeaked, findSecrets } from './harness/privacy';
import { readStoredRecords } from './harness/storage-read';
import { visitSetting } from './harness/site';
import { compareWithStore, describeComparison, matches, type StoreComparison } from './harness/store-match';
import { sleep, waitFor } from './harness/wait';
import { HOSTILE_KINDS, hostileNameOf, XSS_FLAG } from './server/set-cookie';

const CSP_LOG = '__sessionWatchE2eCsp';
const POPUP_WIDTH = 600;

function token(): string {
  return randomBytes(12).toString('hex');
}

/** What the product asks for to watch revoke.other.test: the host, its subdomains, and the parent up to the site. */
const REVOKE_HOST_ORIGINS = ['*://revoke.other.test/*', '*://*.revoke.other.test/*', '*://other.test/*'];
/** Every host-permission pattern of the test build that covers revoke.other.test: taken back all at once. */
const REVOKE_ORIGINS = [...REVOKE_HOST_ORIGINS, '*://*.other.test/*'];

type Messaging = { runtime: { sendMessage(message: unknown): Promise<unknown> } };

type PermissionsApi = {
  permissions: {
    remove(p: { origins: string[] }): Promise<boolean>;
    contains(p: { origins: string[] }): Promise<boolean>;
  };
};

browserSuite(
  'hardening',
  (ctx) => {
    const chromium = ctx.browser === 'chromium';
    /** Values the test set itself (not through the fixture server's log): none may be stored or logged. */
    const planted: string[] = [];
    let popup: TabHandle;

    /** Waits until the records of `hosts` match the cookie store; returns how long that took and the last comparison. */
    const converge = async (hosts: readonly string[], timeout: number): Promise<{ ms: number; last: StoreComparison }> => {
      const from = Date.now();
      let last: StoreComparison | null = null;
      try {
        await waitFor(
          async () => {
            last = await compareWithStore(ctx.driver, hosts);
            return matches(last) ? true : undefined;
          },
          { timeout, interval: 250, message: `the records of ${hosts.join(', ')} to match the cookie store` },
        );
      } catch (err) {
        throw new Error(`${(err as Error).message}: ${last ? describeComparison(last) : 'nothing read'}`, { cause: err });
      }
      if (!last) throw new Error('no comparison was made');
      return { ms: Date.now() - from, last };
    };

    /**
     * How long until the worker has worked through every change queued so far: a rescan
     * asked for by an extension page runs alone, after all of them (ms).
     */
    const drain = async (): Promise<number> => {
      const probe = await ctx.driver.probe();
      const from = Date.now();
      await probe.evaluate(async () => {
        const g = globalThis as unknown as { browser?: Messaging; chrome?: Messaging };
        await (g.browser ?? g.chrome)?.runtime.sendMessage({ type: 'rescan', payload: {} });
      }, null);
      return Date.now() - from;
    };

    beforeAll(async () => {
      const hosts = [HOSTS.evil, HOSTS.flood, HOSTS.flood2, HOSTS.revoke, HOSTS.burst];
      await (await watchDomains(ctx.driver, hosts)).close();
      popup = await ctx.driver.openExtensionPage('popup.html');
      // A real popup is this wide: overflow is measured against it.
      await popup.setViewport(POPUP_WIDTH, 600);
      await popup.evaluate((key) => {
        const log: string[] = [];
        (window as unknown as Record<string, string[]>)[key] = log;
        document.addEventListener('securitypolicyviolation', (e) => log.push(`${e.violatedDirective} ${e.sample}`));
      }, CSP_LOG);
    }, 60_000);

    it('a: hostile names and values (markup, control characters, RTL override, emoji, 4 KB) stay inert text, keep the layout, and reach no storage or console', async () => {
      const host = HOSTS.evil;
      for (const kind of HOSTILE_KINDS) await ctx.driver.visit(ctx.server.url(host, `/hostile/set?kind=${kind}&max_age=600`));
      // Control characters cannot go through Node's header writer; a page's script sets them, as a site's could.
      const controls = [
        { name: 'ctl\u0001name', value: `soh\u0001${token()}` },
        { name: 'tab\tname', value: `tab\t${token()}` },
        { name: 'del\u007fname', value: `del\u007f${token()}` },
        { name: 'bell\u0007', value: `bel${token()}` },
        { name: 'vt', value: `vt\u000b${token()}` },
        { name: 'nul', value: `before\u0000${token()}` },
        { name: 'esc\u001b[31m', value: `ansi\u001b[0m${token()}` },
      ];
      // Set-Cookie carries bytes, which both browsers hand to extensions as Latin-1 (mojibake);
      // a script's document.cookie keeps code points: the real RTL override and emoji come this way.
      const scripted = [
        ...controls,
        { name: 'rtl\u202Ename<i>', value: `\u202E${token()}` },
        { name: '\u{1F36A}emoji\u200D<svg/onload>', value: `\u{1F525}${token()}` },
      ];
      for (const c of scripted) planted.push(c.value.slice(-24));
      const site = await ctx.driver.openSiteTab(ctx.server.url(host, '/page'), 'evil');
      await site.evaluate((list) => {
        for (const c of list) document.cookie = `${c.name}=${c.value}; max-age=600; path=/`;
      }, scripted);
      await site.close();

      const probe = await ctx.driver.probe();
      const stored = await probe.evaluate(async (h) => {
        const g = globalThis as unknown as ExtGlobal;
        return ((await (g.browser ?? g.chrome)?.cookies.getAll({ domain: h })) ?? []).map((c) => c.name);
      }, host);
      console.log(
        `[hardening] ${ctx.browser} kept ${stored.length} hostile cookies: ${JSON.stringify(stored.map((n) => n.slice(0, 24)))}; control-character cookies it refused: ${JSON.stringify(
          controls.map((c) => c.name).filter((n) => !stored.includes(n)),
        )}`,
      );
      // Every kind the server sent, and the scripted RTL and emoji names (the browsers may rewrite their bytes).
      expect(stored.length, 'hostile cookies the browser kept').toBeGreaterThanOrEqual(HOSTILE_KINDS.length + 2);
      expect(stored).toEqual(expect.arrayContaining([hostileNameOf('markup'), hostileNameOf('long-name'), hostileNameOf('long-value')]));
      if (chromium) expect(stored).toEqual(expect.arrayContaining(['rtl\u202Ename<i>', '\u{1F36A}emoji\u200D<svg/onload>']));

      await setShowAll(popup, true);
      for (const name of stored)
        await waitForRow(popup, host, name, () => true, { what: `the row of ${JSON.stringify(name.slice(0, 40))}` });

      const seen = await popup.evaluate(
        ({ names, flag, csp }) => {
          const headers = Array.from(document.querySelectorAll('th[scope="col"]')).map((th) => (th.textContent ?? '').trim());
          const col = headers.indexOf('Cookie');
          const rows = Array.from(document.querySelectorAll('tr[data-id]'));
          const main = document.querySelector('main');
          const table = document.querySelector('table');
          const cells = names.map((name) => {
            const tr = rows.find((r) => (r.getAttribute('data-id') ?? '').endsWith(`|${name}`));
            const td = tr?.children[col] as HTMLElement | undefined;
            return {
              name,
              text: td?.textContent ?? null,
              elements: Array.from(td?.querySelectorAll('*') ?? []).map((e) => e.tagName.toLowerCase()),
              overflow: td ? td.scrollWidth - td.clientWidth : null,
              height: td ? Math.round(td.getBoundingClientRect().height) : null,
            };
          });
          // Any cell of any row sticking out of its column.
          const overflowing = rows.flatMap((tr) =>
            Array.from(tr.children)
              .filter((td) => td.scrollWidth - td.clientWidth > 1)
              .map(
                (td) =>
                  `${tr.getAttribute('data-id')?.slice(0, 60)} ${headers[Array.from(tr.children).indexOf(td)]}: ${td.scrollWidth} > ${td.clientWidth}`,
              ),
          );
          return {
            cells,
            overflowing,
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            // A classic (non-overlay) vertical scrollbar takes this much of the viewport's width.
            scrollbar: window.innerWidth - document.documentElement.clientWidth,
            table: table && main ? Math.round(table.getBoundingClientRect().right - main.getBoundingClientRect().right) : null,
            flag: (window as unknown as Record<string, unknown>)[flag] ?? null,
            violations: (window as unknown as Record<string, string[]>)[csp] ?? [],
            // The page's own script is popup.js; anything else came from a name or value.
            markup: Array.from(document.querySelectorAll('img, svg, script, iframe, object, embed, [onerror], [onload]'))
              .filter((el) => !(el instanceof HTMLScriptElement && el.src === new URL('popup.js', location.href).href))
              .map((el) => el.outerHTML.slice(0, 80)),
          };
        },
        { names: stored, flag: XSS_FLAG, csp: CSP_LOG },
      );
      await mkdir(join(RESULTS_DIR, 'hardening'), { recursive: true });
      await popup.screenshot(join(RESULTS_DIR, 'hardening', `hostile-popup-${ctx.browser}.png`));

      for (const c of seen.cells) {
        expect(c.text, `the Cookie cell of ${JSON.stringify(c.name.slice(0, 40))} is its name, as text`).toBe(c.name);
        expect(
          c.elements.filter((t) => !['span', 'button'].includes(t)),
          `elements in the cell of ${JSON.stringify(c.name.slice(0, 40))}`,
        ).toEqual([]);
      }
      expect(seen.flag, 'the handler in a value ran').toBeNull();
      expect(seen.violations, 'CSP violations (markup that tried to load or run)').toEqual([]);
      expect(seen.markup, 'img/svg/script/handler elements in the popup').toEqual([]);
      expect(seen.overflowing, 'cells wider than their column').toEqual([]);
      // The body is 600 px wide by design; with a classic scrollbar (Firefox) the viewport is that much narrower.
      expect(seen.page, `the popup scrolls sideways (viewport ${POPUP_WIDTH} px, scrollbar ${seen.scrollbar} px)`).toBeLessThanOrEqual(
        seen.scrollbar,
      );
      if (seen.page > 0)
        console.log(
          `[hardening] ${ctx.browser}: a ${seen.scrollbar} px scrollbar beside the 600 px body scrolls a ${POPUP_WIDTH} px viewport sideways by ${seen.page} px`,
        );
      expect(seen.table, 'the table sticks out of <main> by').toBeLessThanOrEqual(0);
      const longRow = seen.cells.find((c) => c.name === hostileNameOf('long-name'));
      console.log(`[hardening] ${ctx.browser}: the row of the 1.2 KB name is ${longRow?.height} px tall`);

      const secrets = [...ctx.server.secrets(), ...planted];
      expect(findSecrets(await dumpStorage(ctx.driver), secrets), 'hostile values in extension storage').toEqual([]);
      expect(findSecrets(ctx.driver.consoleLines(), secrets), 'hostile values in the console').toEqual([]);
      expect(
        ctx.driver.consoleLines().filter((l) => /uncaught|TypeError|RangeError/i.test(l) && l.includes(ctx.driver.origin)),
        'errors in extension pages',
      ).toEqual([]);
    });

    it('c: the worker stopped in the middle of a burst of 200 cookie changes: afterwards the records match the cookie store, and the 40 cookies removed show as ended', async () => {
      const { driver } = ctx;
      const host = HOSTS.burst;
      const base = Math.floor(Date.now() / 1000) + 600;
      // Before the burst: 40 cookies the worker has recorded. Removing them in the burst must end
      // their records, through the removal event or, where the stop lost it, the scan at the restart.
      const before = Array.from({ length: 40 }, (_, j) => ({ host, name: `r${j}`, value: `old-${token()}`, expires: base }));
      planted.push(...before.map((c) => c.value));
      await driver.setCookies(before);
      await converge([host], 10_000);
      // In each group of five: three new cookies, one of the old ones removed, the first new one moved later.
      // 120 new, 40 old removed, 40 moved: 120 left, 40 ended.
      const ops = Array.from({ length: 200 }, (_, i) =>
        i % 5 === 3
          ? { kind: 'remove' as const, name: `r${(i - 3) / 5}` }
          : i % 5 === 4
            ? { kind: 'move' as const, name: `b${i - 4}`, i }
            : { kind: 'set' as const, name: `b${i}`, i },
      );
      const removed = ops.filter((op) => op.kind === 'remove').map((op) => op.name);
      expect(ops.filter((op) => op.kind === 'set')).toHaveLength(120);
      expect(new Set(removed)).toEqual(new Set(before.map((c) => c.name)));
      let done = 0;
      const burst = (async () => {
        for (const op of ops) {
          if (op.kind === 'remove') await driver.removeCookie(host, op.name);
          else {
            const value = `burst-${token()}`;
            planted.push(value);
            await driver.setCookies([{ host, name: op.name, value, expires: base + (op.kind === 'move' ? 1000 : 0) + op.i }]);
          }
          done += 1;
        }
      })();
      await waitFor(() => (done >= 100 ? true : undefined), { timeout: 10_000, interval: 5, message: '100 of the 200 changes' });
      const stoppedAt = done;
      const wasRunning = await driver.stopWorker();
      await burst;
      console.log(
        `[hardening] worker stopped after change ${stoppedAt} of 200 (it was ${wasRunning ? 'running' : 'already stopped'}); done by then: ${done}`,
      );
      expect(wasRunning, 'the worker was running when stopped').toBe(true);

      const { ms, last } = await converge([host], 15_000).catch(async (err: unknown) => {
        // Evidence for the report: does a full scan (what the worker runs on install and browser start) repair it?
        const took = await drain();
        const after = await compareWithStore(ctx.driver, [host]);
        throw new Error(
          `${(err as Error).message}\nafter a rescan (asked for by an extension page, done in ${took} ms): ${describeComparison(after)}`,
        );
      });
      console.log(
        `[hardening] ${ctx.browser}: records matched the store ${ms} ms after the burst: ${describeComparison(last)}; queue drained ${await drain()} ms later`,
      );
      expect(last.cookies, 'cookies left: the 120 new ones').toBe(120);
      expect(last.liveRecords, 'records not ended').toBe(120);

      // Each removed cookie keeps its record, ended by the removal, and its row says so.
      const records = [...(await readStoredRecords(ctx.driver)).values()].filter((r) => r.domain === host);
      const ended = new Set(records.filter((r) => r.ended !== null).map((r) => r.name));
      expect(
        removed.filter((name) => !ended.has(name)),
        'removed cookies without an ended record',
      ).toEqual([]);
      expect(
        [...ended].filter((name) => !removed.includes(name)),
        'ended records of cookies still there',
      ).toEqual([]);
      expect(records, 'records of the burst host, ended or not').toHaveLength(160);
      await setShowAll(popup, true);
      await waitFor(
        async () => {
          const rows = (await readPopup(popup)).rows.filter((r) => r.domain === host);
          return rows.length === 160 ? true : undefined;
        },
        { timeout: 5000, message: `160 rows of ${host} in the popup` },
      );
      const rows = (await readPopup(popup)).rows.filter((r) => r.domain === host);
      const statuses = new Map(rows.map((r) => [r.name, statusOf(r)]));
      expect(
        removed.filter((name) => statuses.get(name) !== 'Logged out'),
        'removed cookies whose row does not say "Logged out"',
      ).toEqual([]);
      expect(
        [...statuses]
          .filter(([name, status]) => !removed.includes(name) && status !== 'Active')
          .map(([name, status]) => `${name}: ${status}`),
        'cookies left whose row does not say "Active"',
      ).toEqual([]);
    }, 60_000);

    it('d: a burst of 1,000 cookie changes on two watched sites loses no update', async () => {
      const tabs = await Promise.all([HOSTS.flood, HOSTS.flood2].map((h) => ctx.driver.openSiteTab(ctx.server.url(h, '/page'), h)));
      const secret = token();
      planted.push(secret);
      // 500 writes per site over 50 names: every write moves the expiry; every tenth removes the cookie.
      const started = Date.now();
      await Promise.all(
        tabs.map((tab) =>
          tab.evaluate((s) => {
            for (let i = 0; i < 500; i += 1) {
              const name = `f${i % 50}`;
              document.cookie = i % 10 === 9 ? `${name}=; max-age=0; path=/` : `${name}=${s}${i}; max-age=${600 + i}; path=/`;
            }
          }, secret),
        ),
      );
      const written = Date.now() - started;
      const { ms, last } = await converge([HOSTS.flood, HOSTS.flood2], 60_000);
      const drained = await drain();
      console.log(
        `[hardening] ${ctx.browser}: 1,000 changes written in ${written} ms; records matched the store ${ms} ms later (${describeComparison(last)}); everything queued done ${drained} ms after that`,
      );
      // The same check once the worker is idle: nothing that ran after the match undid it.
      expect(describeComparison(await compareWithStore(ctx.driver, [HOSTS.flood, HOSTS.flood2]))).toBe(describeComparison(last));
      expect(last.cookies, 'cookies left after the burst').toBe(90);
      for (const tab of tabs) await tab.close();
    }, 90_000);

    itExcept(ctx.browser, {
      chromium:
        "Chromium: the test build holds the test hosts as required host_permissions, which permissions.remove refuses (next test); the shipped build's optional_host_permissions are granted only through permissions.request's prompt, which headless Chromium 156 never answers, and chrome://extensions' developerPrivate (addHostPermission, hostAccess ON_ALL_SITES) leaves optional hosts ungranted (tried)",
    })(
      'e: access taken back at runtime: the popup says "Access needed" with "Grant access", and granting brings the rows back without a reload',
      async () => {
        const site = HOSTS.revoke;
        await visitSetting(ctx, site, '/django/login?expiry=300', 'sessionid');
        await waitForRow(popup, site, 'sessionid', (r) => statusOf(r) === 'Active');

        const probe = await ctx.driver.probe();
        const revoked = await probe.evaluate(async (list) => {
          const api = (globalThis as unknown as { browser: PermissionsApi }).browser;
          await api.permissions.remove({ origins: list });
          return !(await api.permissions.contains({ origins: [list[0] ?? ''] }));
        }, REVOKE_ORIGINS);
        expect(revoked, `access to ${site} taken back`).toBe(true);
        await waitFor(async () => ((await readPopup(popup)).text.includes(`${site}: Access needed`) ? true : undefined), {
          timeout: 5000,
          message: `"${site}: Access needed" in the open popup`,
        });
        const grant = await mark(popup, { button: 'Grant access', within: 'ul[aria-label="Sites that need access"]' });

        // Meanwhile the site logs in a second way; without access the extension cannot see it.
        await visitSetting(ctx, site, '/express/login?max_age=600', 'connect.sid');
        await sleep(500);
        const blind = await readPopup(popup);
        expect(
          blind.rows.filter((r) => r.domain === site).map((r) => r.name),
          'rows while access is taken back',
        ).toEqual(['sessionid']);

        await popup.evaluate(() => {
          (window as unknown as Record<string, boolean>)['__e2eSameDocument'] = true;
        }, null);
        await popup.click(grant);
        const { row } = await waitForRow(popup, site, 'connect.sid', (r) => statusOf(r) === 'Active', {
          timeout: 5000,
          what: 'the session set while access was taken back, once access is granted',
        });
        expect(row.name).toBe('connect.sid');
        const after = await readPopup(popup);
        expect(after.text).not.toContain(`${site}: Access needed`);
        expect(
          await popup.evaluate(() => (window as unknown as Record<string, boolean>)['__e2eSameDocument'] === true, null),
          'the same popup document (no reload)',
        ).toBe(true);
        expect(
          await probe.evaluate(
            async (list) => (globalThis as unknown as { browser: PermissionsApi }).browser.permissions.contains({ origins: list }),
            REVOKE_HOST_ORIGINS,
          ),
        ).toBe(true);
      },
    );

    itExcept(ctx.browser, {
      firefox: "Firefox removes the test build's host permissions: the runtime revocation runs there (previous test)",
    })('e: Chromium: the test build holds its hosts as required permissions, which permissions.remove refuses', async () => {
      // The revocation scenario runs in Firefox. Here the test build's host_permissions are
      // required, and an optional grant would need a prompt headless Chromium cannot answer.
      const probe = await ctx.driver.probe();
      const answer = await probe.evaluate(async (list) => {
        const api = (globalThis as unknown as { chrome: PermissionsApi }).chrome;
        try {
          return `removed: ${String(await api.permissions.remove({ origins: list }))}`;
        } catch (err) {
          return `refused: ${(err as Error).message}`;
        }
      }, REVOKE_ORIGINS);
      expect(answer).toBe('refused: You cannot remove required permissions.');
    });

    it('b: after all of it, no cookie value in any storage area or console, and no request of its own', async () => {
      await expectNothingLeaked(ctx);
      expect(findSecrets(await dumpStorage(ctx.driver), planted), 'values the test set in extension storage').toEqual([]);
      expect(findSecrets(ctx.driver.consoleLines(), planted), 'values the test set in the console').toEqual([]);
    });
  },
  { file: import.meta.filename },
);
