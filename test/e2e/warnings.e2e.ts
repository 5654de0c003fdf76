/**
 * Warn before logout. With the warning lead at 1 minute (set through the
 * options page), a session of lead + 5 s gives exactly one warning naming its
 * site and turns the badge of the site's tab amber; once it expires, one
 * ended notice and a red badge; a logout (Max-Age=0) gives one ended notice;
 * a site not watched gets neither. The background is also stopped before a
 * threshold and before an expiry (Chromium: its service worker; Firefox: its
 * event page): the alarm has to wake it.
 *
 * Every session starts in beforeAll, so each browser waits for the thresholds
 * and expiries once (about 70 s), the tests reading them in turn. Each site
 * has a tab of its own, kept open: the badge is per tab.
 * How each browser lets a test read notifications back: harness/notices.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import { browserSuite } from './harness/browser-suite';
import type { SiteTab } from './harness/driver';
import { HOSTS } from './harness/hosts';
import { clearNotice, logKeys, readNotices, startNoticeLog, type NoticeReading, type ShownNotice } from './harness/notices';
import { setLeadMinutes, watchDomains } from './harness/options-view';
import { itLeavesNoTrace } from './harness/privacy';
import { gotoSetting, openSetting } from './harness/site';
import { readBadge, rgba, tabIdOf, type BadgeView } from './harness/tab-badge';
import { readStoredRecords } from './harness/storage-read';
import { sleep, waitFor } from './harness/wait';
import type { SetCookieRecord } from './server/session-server';

const LEAD_MINUTES = 1;
const LEAD_MS = LEAD_MINUTES * 60_000;
const NAME = 'sessionid';
/** A session of lead + 5 s, and (Chromium) one whose threshold leaves time to stop the worker first. */
const SHORT_S = 65;
const ASLEEP_S = 70;
/** How late a notice or badge may come after its moment: alarm, worker start, the test's polling. */
const LATE_MS = 3000;
/** How long a notice, once shown, must then stay shown once. */
const QUIET_MS = 4000;

/** The looks src/background/badge-look.ts promises, as getBadge*Color answers. */
const GREEN = rgba('#137333');
const AMBER = rgba('#F9AB00');
const RED = rgba('#C5221F');
const BLACK = rgba('#000000');
const WHITE = rgba('#FFFFFF');
/** Per status: background, text colour, and the status the tooltip names. */
const LOOKS = {
  active: { color: GREEN, textColor: WHITE, status: 'Active' },
  expiring: { color: AMBER, textColor: BLACK, status: 'Expiring soon' },
  expired: { color: RED, textColor: WHITE, status: 'Expired' },
  loggedOut: { color: RED, textColor: WHITE, status: 'Logged out' },
} as const;
type Look = (typeof LOOKS)[keyof typeof LOOKS];

/** Notification ids are `session-watch|<kind>|<watched domain>` (src/background/notice-id.ts). */
function noticeId(kind: 'ending' | 'ended', site: string): string {
  return `session-watch|${kind}|${site}`;
}

interface Session {
  host: string;
  tab: SiteTab;
  set: SetCookieRecord;
  /** As the server set it (ms). */
  expiresAt: number;
  /** The extension's record id for the cookie; '' for a site not watched. */
  recordId: string;
  tabId: number;
}

browserSuite(
  'warn before logout',
  (ctx) => {
    const chromium = ctx.browser === 'chromium';
    const watched = [HOSTS.warn, HOSTS.warnLogout, HOSTS.warnAsleep];
    const sessions = new Map<string, Session>();
    let leadStatus = '';
    /** The warned site as read right after its login, before its threshold. */
    let early: { at: number; badge: BadgeView | string; notices: NoticeReading } | null = null;
    /** Each notice when the test first saw it: from then on it must not come again. */
    const firstSeen = new Map<string, NoticeReading>();

    const sessionOf = (host: string): Session => {
      const s = sessions.get(host);
      if (!s) throw new Error(`no session was started on ${host}`);
      return s;
    };

    const recordIdOf = (host: string): Promise<string> =>
      waitFor(
        async () => {
          for (const r of (await readStoredRecords(ctx.driver)).values()) {
            if (r.domain === host && r.name === NAME && r.ended === null) return r.id;
          }
          return undefined;
        },
        { timeout: 5000, message: `the extension's record of ${NAME} on ${host}` },
      );

    const login = async (host: string, seconds: number, isWatched = true): Promise<Session> => {
      const { tab, set } = await openSetting(ctx, host, `/django/login?expiry=${seconds}`, NAME);
      const s: Session = {
        host,
        tab,
        set,
        expiresAt: set.expiresAt ?? 0,
        recordId: isWatched ? await recordIdOf(host) : '',
        tabId: await tabIdOf(ctx.driver, host),
      };
      sessions.set(host, s);
      return s;
    };

    /** How often `id` was shown as far as this browser can tell (see harness/notices.ts). */
    const timesShown = (r: NoticeReading, id: string): number => {
      const recorded = r.shown?.filter((n) => n.id === id).length ?? 0;
      const traced = chromium ? (r.open.includes(id) ? 1 : 0) : r.closed.filter((c) => c.id === id).length;
      return Math.max(recorded, traced);
    };

    /**
     * Waits until the browser's own trace of `id` shows (Chromium: listed; Firefox: closed), then reads
     * once more: the reading that first saw the trace may have read the recorder just before the notice.
     */
    const waitForNotice = async (id: string, until: number): Promise<NoticeReading> => {
      await waitFor(
        async () => {
          const r = await readNotices(ctx.driver);
          return (chromium ? r.open.includes(id) : r.closed.some((c) => c.id === id)) || undefined;
        },
        {
          timeout: Math.max(500, until - Date.now()),
          interval: 200,
          message: `the notification ${id} by ${new Date(until).toISOString()}`,
        },
      );
      return readNotices(ctx.driver);
    };

    const contentOf = (r: NoticeReading, id: string): ShownNotice | undefined => r.shown?.find((n) => n.id === id);

    /** Shown exactly once so far; Chromium: then cleared, so that showing it again would list it again. */
    const expectShownOnce = async (r: NoticeReading, id: string) => {
      if (chromium) expect(r.open, 'notifications.getAll()').toContain(id);
      else
        expect(
          r.closed.filter((c) => c.id === id).length,
          `notifications.onClosed for ${id} (headless Firefox closes each one shown)`,
        ).toBe(1);
      if (r.shown !== null) expect(r.shown.filter((n) => n.id === id).length, `notifications.create(${id}) calls`).toBe(1);
      firstSeen.set(id, r);
      if (chromium) await clearNotice(ctx.driver, id);
    };

    const expectNotShownAgain = (r: NoticeReading, id: string) => {
      if (chromium) expect(r.open, `${id} listed again after the test cleared it`).not.toContain(id);
      else expect(r.closed.filter((c) => c.id === id).length, `${id} shown (and closed) again`).toBe(1);
      if (r.shown !== null) expect(r.shown.filter((n) => n.id === id).length, `notifications.create(${id}) calls`).toBeLessThanOrEqual(1);
    };

    const waitForBadge = (s: Session, accept: (b: BadgeView) => boolean, what: string, timeout = LATE_MS): Promise<BadgeView> => {
      let last: BadgeView | null = null;
      return waitFor(
        async () => {
          last = await readBadge(ctx.driver, s.tabId);
          return accept(last) ? last : undefined;
        },
        { timeout, message: `${what} on the tab of ${s.host}` },
      ).catch((err: unknown) => {
        throw new Error(`${(err as Error).message}; last badge: ${JSON.stringify(last)}`);
      });
    };

    const sameColour = (a: readonly number[] | null, b: readonly number[]) =>
      a !== null && a.length === b.length && a.every((v, i) => v === b[i]);

    /**
     * Waits for the whole look at once: text, colours and tooltip are set by
     * separate calls, so a reading can fall between them. The timeout says the last badge seen.
     */
    const waitForLook = (s: Session, text: RegExp, look: Look, what: string): Promise<BadgeView> =>
      waitForBadge(
        s,
        (b) =>
          text.test(b.text) &&
          sameColour(b.color, look.color) &&
          // Both browsers here have getBadgeTextColor: a null is a failure too.
          sameColour(b.textColor, look.textColor) &&
          b.title.includes(`${s.host}: ${look.status}`),
        `${what} (${text}, ${look.status})`,
      );

    beforeAll(async () => {
      const options = await watchDomains(ctx.driver, watched);
      leadStatus = await setLeadMinutes(options, LEAD_MINUTES);
      await waitFor(
        async () =>
          ((await ctx.driver.readStorage('sync'))['settings'] as { leadMinutes?: number } | undefined)?.leadMinutes === LEAD_MINUTES ||
          undefined,
        { timeout: 5000, message: `leadMinutes ${LEAD_MINUTES} in storage.sync` },
      );
      await options.close();
      await startNoticeLog(ctx.driver);

      await login(HOSTS.unwatched, SHORT_S, false);
      await login(HOSTS.warnAsleep, ASLEEP_S);
      const warned = await login(HOSTS.warn, SHORT_S);
      const badge = await waitForLook(warned, /^1m$/, LOOKS.active, 'the green badge').catch((err: unknown) => (err as Error).message);
      early = { at: Date.now(), badge, notices: await readNotices(ctx.driver) };
    }, 60_000);

    it('the warning lead is set to 1 minute through the options page', async () => {
      expect(leadStatus).toMatch(/\b1 min(ute)?s? before a session ends/);
      const settings = (await ctx.driver.readStorage('sync'))['settings'] as {
        leadMinutes: number;
        domains: { domain: string; leadMinutes: number | null; warnings: boolean }[];
      };
      expect(settings.leadMinutes).toBe(LEAD_MINUTES);
      // The options page has no lead per domain (yet): every watched domain follows the global one.
      expect(settings.domains.filter((d) => watched.includes(d.domain as (typeof watched)[number]))).toEqual(
        watched.map((domain): unknown => expect.objectContaining({ domain, leadMinutes: null, warnings: true })),
      );
    });

    it('a logout (Max-Age=0) gives one ended notice naming the site, and a red "out" badge', async () => {
      const s = await login(HOSTS.warnLogout, 300);
      await waitForLook(s, /^[45]m$/, LOOKS.active, 'the green badge');

      await gotoSetting(ctx, s.tab, s.host, '/django/logout', NAME);
      const id = noticeId('ended', s.host);
      const r = await waitForNotice(id, Date.now() + LATE_MS);
      const content = contentOf(r, id);
      expect(content, `what notifications.create got for ${id}`).toBeDefined();
      expect(content?.title).toContain(s.host);
      expect(content?.message).toContain(NAME);
      expect(content?.message).toMatch(/logged out/i);
      expect(timesShown(r, noticeId('ending', s.host)), 'a warning for a session of 300 s').toBe(0);
      expect(logKeys(r.log, 'end', s.recordId)).toHaveLength(1);
      expect(logKeys(r.log, 'warn', s.recordId)).toEqual([]);
      await expectShownOnce(r, id);

      await waitForLook(s, /^out$/, LOOKS.loggedOut, 'the red badge');
    });

    it('a session of lead + 5 s: one warning naming the site, and the badge of its tab turns from green to amber', async () => {
      const s = sessionOf(HOSTS.warn);
      const threshold = s.expiresAt - LEAD_MS;
      const id = noticeId('ending', s.host);

      if (!early) throw new Error('beforeAll read nothing before the threshold');
      expect(early.at, 'read before the threshold').toBeLessThan(threshold);
      // Right after the login: green, "1m" (or how the wait for it timed out).
      if (typeof early.badge === 'string') throw new Error(early.badge);
      expect(timesShown(early.notices, id), 'shown before the threshold').toBe(0);
      expect(logKeys(early.notices.log, 'warn', s.recordId)).toEqual([]);

      const r = await waitForNotice(id, threshold + LATE_MS);
      const content = contentOf(r, id);
      expect(content, `what notifications.create got for ${id}`).toBeDefined();
      expect(content?.title).toContain(s.host);
      expect(content?.message).toContain(NAME);
      expect(content?.at ?? 0, 'shown at the threshold, not before').toBeGreaterThanOrEqual(threshold);
      const keys = logKeys(r.log, 'warn', s.recordId);
      expect(keys, 'the warnings log').toHaveLength(1);
      expect(r.log[keys[0] ?? '']).toBeGreaterThanOrEqual(threshold);
      expect(r.log[keys[0] ?? '']).toBeLessThanOrEqual(threshold + LATE_MS);
      await expectShownOnce(r, id);

      await waitForLook(s, /^\d{1,2}s$/, LOOKS.expiring, 'the amber badge');
    });

    it('with the worker stopped before the threshold, the warning still comes, once: its alarm wakes the worker', async () => {
      const s = sessionOf(HOSTS.warnAsleep);
      const threshold = s.expiresAt - LEAD_MS;
      const id = noticeId('ending', s.host);
      expect(await ctx.driver.stopWorker(), 'the worker was running').toBe(true);
      const stoppedAt = Date.now();
      expect(stoppedAt, `stopped ${threshold - stoppedAt} ms before the threshold`).toBeLessThan(threshold - 1000);
      const quiet = await readNotices(ctx.driver);
      expect(timesShown(quiet, id)).toBe(0);
      expect(
        (await ctx.driver.backgroundStarts()).filter((t) => t > stoppedAt),
        'background starts while nothing had reason to start it',
      ).toEqual([]);

      const r = await waitForNotice(id, threshold + LATE_MS);
      const starts = (await ctx.driver.backgroundStarts()).filter((t) => t > stoppedAt);
      expect(starts.length, 'worker starts after the stop').toBeGreaterThan(0);
      // Nothing but the alarm had reason to start it: it started at the threshold.
      expect(starts[0] ?? 0).toBeGreaterThanOrEqual(threshold - 250);
      const keys = logKeys(r.log, 'warn', s.recordId);
      expect(keys, 'the warnings log').toHaveLength(1);
      expect(r.log[keys[0] ?? '']).toBeGreaterThanOrEqual(threshold);
      await expectShownOnce(r, id);

      await waitForLook(s, /^\d{1,2}s$/, LOOKS.expiring, 'the amber badge');
    });

    it('a site not watched gets no badge and no notice', async () => {
      const s = sessionOf(HOSTS.unwatched);
      await sleep(s.expiresAt - LEAD_MS + LATE_MS - Date.now());
      const badge = await readBadge(ctx.driver, s.tabId);
      expect(badge.text).toBe('');
      expect(badge.title).not.toContain(s.host);
      const r = await readNotices(ctx.driver);
      const named = (id: string) => id.includes(s.host);
      expect(r.open.filter(named)).toEqual([]);
      expect(r.closed.map((c) => c.id).filter(named)).toEqual([]);
      expect((r.shown ?? []).map((n) => n.id).filter(named)).toEqual([]);
      expect(Object.keys(r.log).filter(named)).toEqual([]);
    });

    it('no notice comes twice: each stays given once over the following seconds, a page load of the site included', async () => {
      const latest = [...firstSeen.values()].reduce((a, b) => (a.at >= b.at ? a : b));
      // Loading a page of the warned site runs the planner again (and resets the tab's badge).
      const s = sessionOf(HOSTS.warn);
      await s.tab.goto(ctx.server.url(s.host, '/django/page'));
      await waitForLook(s, /^\d{1,2}s$/, LOOKS.expiring, 'the amber badge after the page loaded again');
      await sleep(latest.at + QUIET_MS - Date.now());
      const r = await readNotices(ctx.driver);
      expect([...firstSeen.keys()].length).toBe(3);
      for (const id of firstSeen.keys()) expectNotShownAgain(r, id);
      // The product's own record: the same keys, given at the same moments.
      expect(r.log).toEqual(latest.log);
    });

    it('after expiry: one ended notice naming the site, and a red badge that stays red when the page loads again', async () => {
      // The expiry must wake the background as well (it may have stopped idle already).
      const stoppedAt = Date.now();
      await ctx.driver.stopWorker();
      const expiring = [...sessions.values()]
        .filter((s) => s.recordId !== '' && s.host !== HOSTS.warnLogout)
        .sort((a, b) => a.expiresAt - b.expiresAt);
      expect(expiring.map((s) => s.host)).toEqual([HOSTS.warn, HOSTS.warnAsleep]);

      for (const s of expiring) {
        const id = noticeId('ended', s.host);
        const r = await waitForNotice(id, s.expiresAt + LATE_MS);
        const content = contentOf(r, id);
        expect(content, `what the browser got for ${id}`).toEqual({
          id,
          title: `Session ended — ${s.host}`,
          // "<name> expired at <clock time>." in the browser's locale (24 h or AM/PM).
          message: expect.stringMatching(/^sessionid expired at \d{1,2}:\d{2}:\d{2}( [AP]M)?\.$/) as string,
          at: expect.any(Number) as number,
        });
        const ends = logKeys(r.log, 'end', s.recordId);
        expect(ends, 'end keys in the warnings log').toHaveLength(1);
        expect(r.log[ends[0] ?? '']).toBeGreaterThanOrEqual(s.expiresAt);
        expect(logKeys(r.log, 'warn', s.recordId), 'the warning key, freed once it ended').toEqual([]);
        expectNotShownAgain(r, noticeId('ending', s.host));
        await expectShownOnce(r, id);

        await waitForLook(s, /^end$/, LOOKS.expired, 'the red badge');
      }
      const starts = (await ctx.driver.backgroundStarts()).filter((t) => t > stoppedAt);
      expect(starts[0] ?? 0, 'the first background start after the stop').toBeGreaterThanOrEqual((expiring[0]?.expiresAt ?? 0) - 250);

      // Loading the site again: Chromium now reports the cookie removed ('expired'); the navigation resets the badge.
      const s = sessionOf(HOSTS.warn);
      const before = await readNotices(ctx.driver);
      await s.tab.goto(ctx.server.url(s.host, '/django/page'));
      await sleep(QUIET_MS);
      const after = await readNotices(ctx.driver);
      for (const x of expiring) {
        expectNotShownAgain(after, noticeId('ended', x.host));
        expectNotShownAgain(after, noticeId('ending', x.host));
      }
      expect(after.log).toEqual(before.log);
      await waitForLook(s, /^end$/, LOOKS.expired, 'the red badge after the page loaded again');
    }, 120_000);

    itLeavesNoTrace(ctx);
  },
  { file: import.meta.filename },
);
