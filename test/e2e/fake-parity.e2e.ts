/**
 * The cookie fake (test/fakes/cookies.ts), which about 15 unit tests and
 * every worker test trust, against the real browsers: the same small
 * scenarios (a set, an overwrite, an identical re-send, a removal, an expiry)
 * run by a page of a watched site in real Chromium and Firefox and by the
 * fake in the same browser's mode, and the cookies.onChanged events of each
 * must be the same, in the same order. A fake that drifts from the browser
 * fails here.
 */
import { beforeAll, expect, it } from 'vitest';
import fake, { fakeClock, fakeCookies, fakePermissions, resetBrowser } from '../fakes/browser';
import { browserSuite } from './harness/browser-suite';
import type { SiteTab } from './harness/driver';
import type { ExtGlobal } from './harness/ext-api';
import { HOSTS } from './harness/hosts';
import { sleep, waitFor } from './harness/wait';

type Step =
  /** The site sets a cookie (Max-Age, or a fixed Expires in ms; Max-Age=0 removes it). */
  | { set: { name: string; value: string; maxAge?: number; expires?: number } }
  /** Time passes. */
  | { wait: number }
  /** Something reads the store (Chromium drops expired cookies then). */
  | { read: true };

interface Scenario {
  title: string;
  steps: (expires: number) => Step[];
}

/** One event as both the browsers and the fake give it. */
interface Seen {
  removed: boolean;
  cause: string;
  name: string;
  value: string;
}

const SCENARIOS: Scenario[] = [
  { title: 'a set', steps: () => [{ set: { name: 'p_set', value: 'v1', maxAge: 600 } }] },
  {
    title: 'an overwrite with a new value',
    steps: () => [{ set: { name: 'p_over', value: 'old', maxAge: 600 } }, { set: { name: 'p_over', value: 'new', maxAge: 600 } }],
  },
  {
    title: 'an identical re-send',
    steps: (expires) => [{ set: { name: 'p_same', value: 'v', expires } }, { set: { name: 'p_same', value: 'v', expires } }],
  },
  {
    title: 'a removal (Max-Age=0)',
    steps: () => [{ set: { name: 'p_gone', value: 'v', maxAge: 600 } }, { set: { name: 'p_gone', value: '', maxAge: 0 } }],
  },
  {
    title: 'an expiry, a read of the store, and a new set',
    steps: () => [
      { set: { name: 'p_exp', value: 'short', maxAge: 1 } },
      { wait: 1500 },
      { read: true },
      { set: { name: 'p_exp', value: 'again', maxAge: 600 } },
    ],
  },
];

const HOST = HOSTS.parity;
const EVENTS = '__sessionWatchE2eParity';

/** The fake in `mode`, with access to HOST, running `steps`: the events its listeners get. */
async function inFake(mode: 'chromium' | 'firefox', steps: Step[]): Promise<Seen[]> {
  resetBrowser({ mode, now: Date.now() });
  fakePermissions.grantAtInstall([`*://${HOST}/*`]);
  const seen: Seen[] = [];
  fake.cookies.onChanged.addListener((e) => {
    seen.push({ removed: e.removed, cause: e.cause, name: e.cookie.name, value: e.cookie.value });
  });
  for (const step of steps) {
    if ('set' in step) {
      const { name, value, maxAge, expires } = step.set;
      fakeCookies.receive({ url: `http://${HOST}/`, name, value, ...(maxAge !== undefined ? { maxAge } : { expires }) });
    } else if ('wait' in step) {
      fakeClock.advance(step.wait);
    } else {
      await fake.cookies.getAll({});
    }
    await fakeCookies.delivered();
  }
  return seen;
}

browserSuite(
  'the cookie fake against the browser',
  (ctx) => {
    let site: SiteTab;

    beforeAll(async () => {
      site = await ctx.driver.openSiteTab(ctx.server.url(HOST, '/page'), 'parity');
      const probe = await ctx.driver.probe();
      await probe.evaluate(
        ({ key, host }) => {
          const w = window as unknown as Record<string, unknown[]>;
          const seen: unknown[] = [];
          w[key] = seen;
          const g = globalThis as unknown as ExtGlobal;
          (g.browser ?? g.chrome)?.cookies.onChanged.addListener((e) => {
            const c = e.cookie as unknown as { domain: string; name: string; value: string };
            if (c.domain === host) seen.push({ removed: e.removed, cause: e.cause, name: c.name, value: c.value });
          });
        },
        { key: EVENTS, host: HOST },
      );
    }, 60_000);

    const eventsSoFar = async (): Promise<Seen[]> =>
      (await ctx.driver.probe()).evaluate((key) => [...((window as unknown as Record<string, Seen[]>)[key] ?? [])], EVENTS);

    /** Runs the steps in the browser; returns the events they gave, once no more come for 500 ms. */
    const inBrowser = async (steps: Step[]): Promise<Seen[]> => {
      const from = (await eventsSoFar()).length;
      for (const step of steps) {
        if ('set' in step) {
          const { name, value, maxAge, expires } = step.set;
          const attrs = maxAge !== undefined ? `max-age=${maxAge}` : `expires=${new Date(expires ?? 0).toUTCString()}`;
          await site.evaluate((cookie) => {
            document.cookie = cookie;
          }, `${name}=${value}; ${attrs}; path=/`);
        } else if ('wait' in step) {
          await sleep(step.wait);
        } else {
          await (
            await ctx.driver.probe()
          ).evaluate(async (host) => {
            const g = globalThis as unknown as ExtGlobal;
            await (g.browser ?? g.chrome)?.cookies.getAll({ domain: host });
          }, HOST);
        }
        await sleep(100);
      }
      let count = -1;
      await waitFor(
        async () => {
          const n = (await eventsSoFar()).length;
          if (n === count) return true;
          count = n;
          return undefined;
        },
        { timeout: 10_000, interval: 500, message: 'the cookie events to stop coming' },
      );
      return (await eventsSoFar()).slice(from);
    };

    for (const scenario of SCENARIOS) {
      it(`${scenario.title}: the same events, in the same order, as the fake in ${ctx.browser} mode`, async () => {
        // A whole second, as Expires carries it: the two sets of the identical re-send are the same cookie.
        const expires = (Math.floor(Date.now() / 1000) + 600) * 1000;
        const steps = scenario.steps(expires);
        const real = await inBrowser(steps);
        const faked = await inFake(ctx.browser, steps);
        console.log(`[fake-parity] ${ctx.browser}, ${scenario.title}: ${JSON.stringify(real)}`);
        expect(faked, `the fake's events (the browser gave ${JSON.stringify(real)})`).toEqual(real);
      });
    }
  },
  { file: import.meta.filename },
);
