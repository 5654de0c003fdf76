/**
 * What each browser warns about when the shipped extension is installed, and
 * that `webRequest` adds nothing to it: the extension observes requests only
 * to the sites the user later grants (optional_host_permissions), and asking
 * for the API itself must not make the install prompt any scarier.
 *
 * Chromium answers for itself: management.getPermissionWarningsByManifest
 * (no "management" permission needed, developer.chrome.com/docs/extensions/
 * reference/api/management) returns the install dialog's lines for a manifest.
 *
 * Firefox has no such API (browser-compat-data: management.
 * getPermissionWarningsByManifest, firefox false), and the prompt is built by
 * privileged code no extension or WebDriver BiDi content script can call. So
 * the test reads the running Firefox's own files (omni.ja next to its
 * binary, checked to be the same version): ExtensionPermissionMessages.sys.mjs,
 * whose permissionToL10nId gives a prompt line only to the permissions in its
 * PERMISSIONS_WITH_MESSAGE set, and extensionPermissions.ftl, the en-US text
 * of each of those lines (`webext-perms-description-<permission>`). MDN's
 * "Requesting the right permissions" lists the same permissions as the only
 * ones with a message. Host permissions are left out: they are optional here,
 * and Firefox shows only required ones at install (MDN, host_permissions).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { expect } from 'vitest';
import { manifestFor } from '../../build.mjs';
import { browserSuite, itExcept } from './harness/browser-suite';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The production manifest of one browser, as `node build.mjs` writes it (no test hosts). */
function shipped(browser: 'chrome' | 'firefox'): { permissions: string[] } & Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Parameters<typeof manifestFor>[1];
  return manifestFor(browser, base);
}

function without(manifest: { permissions: string[] }, permission: string) {
  return { ...manifest, permissions: manifest.permissions.filter((p) => p !== permission) };
}

/** The install dialog's lines for the shipped Chrome manifest, written down from Chromium itself. */
const CHROME_WARNINGS = ['Display notifications'];

/** Firefox's prompt line per permission that has one (en-US), written down from Firefox's own files. */
const FIREFOX_LINES: Readonly<Record<string, string>> = { notifications: 'Display notifications to you' };

/** The permissions that must add no line to either prompt. */
const SILENT = ['webRequest', 'cookies', 'storage', 'alarms', 'activeTab'];

interface ManagementApi {
  management: { getPermissionWarningsByManifest(manifest: string): Promise<string[]> };
}

const CHROMIUM_ONLY =
  "Chromium's install prompt, read through chrome.management.getPermissionWarningsByManifest, which Firefox lacks; Firefox's prompt lines are checked from its omni.ja in this file's Firefox tests";
const FIREFOX_ONLY =
  "Firefox's install prompt, read from the running Firefox's omni.ja; Chromium's warnings are checked through chrome.management in this file's Chromium tests";

/** Firefox's installation folder: the harness's binary (E2E_FIREFOX) with its symlinks resolved. */
function firefoxDir(): string {
  return dirname(realpathSync(process.env.E2E_FIREFOX ?? '/usr/bin/firefox-esr'));
}

browserSuite(
  'install-time permission warnings',
  (ctx) => {
    itExcept(ctx.browser, { firefox: CHROMIUM_ONLY })('Chromium warns only about notifications, with or without webRequest', async () => {
      const manifest = shipped('chrome');
      expect(manifest.permissions).toContain('webRequest');
      const warnings = await ctx.driver.evaluateInBackground(
        async (worker, manifests: string[]) => {
          const api = (worker as unknown as { chrome: ManagementApi }).chrome;
          return Promise.all(manifests.map((m) => api.management.getPermissionWarningsByManifest(m)));
        },
        [JSON.stringify(manifest), JSON.stringify(without(manifest, 'webRequest'))],
      );
      expect(warnings).toEqual([CHROME_WARNINGS, CHROME_WARNINGS]);
    });

    itExcept(ctx.browser, { firefox: CHROMIUM_ONLY })(
      'Chromium has no warning for webRequest, cookies, storage, alarms or activeTab on their own',
      async () => {
        const manifest = shipped('chrome');
        const warnings = await ctx.driver.evaluateInBackground(
          async (worker, manifests: string[]) => {
            const api = (worker as unknown as { chrome: ManagementApi }).chrome;
            return Promise.all(manifests.map((m) => api.management.getPermissionWarningsByManifest(m)));
          },
          SILENT.map((p) => JSON.stringify({ ...manifest, permissions: [p] })),
        );
        expect(Object.fromEntries(SILENT.map((p, i) => [p, warnings[i]]))).toEqual(Object.fromEntries(SILENT.map((p) => [p, []])));
      },
    );

    let zip: JSZip | undefined;
    const omni = async (path: string) => {
      zip ??= await JSZip.loadAsync(await readFile(join(firefoxDir(), 'omni.ja')));
      const file = zip.file(path);
      if (!file) throw new Error(`${path} is not in omni.ja`);
      return file.async('string');
    };

    itExcept(ctx.browser, { chromium: FIREFOX_ONLY })('reads the files of the Firefox that runs the extension', async () => {
      const ini = readFileSync(join(firefoxDir(), 'application.ini'), 'utf8');
      const probe = await ctx.driver.probe();
      const running = await probe.evaluate(async () => {
        const g = globalThis as unknown as { browser: { runtime: { getBrowserInfo(): Promise<{ version: string }> } } };
        return (await g.browser.runtime.getBrowserInfo()).version;
      }, null);
      expect(ini).toMatch(new RegExp(`^Version=${running.replace(/\./g, '\\.')}$`, 'm'));
    });

    itExcept(ctx.browser, { chromium: FIREFOX_ONLY })('shows a line for notifications only, with or without webRequest', async () => {
      const code = await omni('modules/ExtensionPermissionMessages.sys.mjs');
      const set = /PERMISSIONS_WITH_MESSAGE = new Set\(\[([^\]]*)\]\)/.exec(code)?.[1];
      if (set === undefined) throw new Error('PERMISSIONS_WITH_MESSAGE not found: Firefox changed how it picks prompt lines');
      const withMessage = new Set([...set.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
      const ftl = await omni('localization/en-US/toolkit/global/extensionPermissions.ftl');
      const lines = new Map([...ftl.matchAll(/^webext-perms-description-([\w-]+) = (.+)$/gm)].map((m) => [m[1], m[2]]));
      // permissionToL10nId: no id (no line) outside the set; inside, the name with "." made "-".
      const lineFor = (permission: string) =>
        withMessage.has(permission) ? lines.get(permission.replace(/[^a-zA-Z0-9]+/g, '-')) : undefined;

      const manifest = shipped('firefox');
      expect(manifest.permissions).toContain('webRequest');
      const prompt = (m: { permissions: string[] }) =>
        Object.fromEntries(m.permissions.flatMap((p) => (lineFor(p) === undefined ? [] : [[p, lineFor(p)]])));
      expect(prompt(manifest)).toEqual(FIREFOX_LINES);
      expect(prompt(without(manifest, 'webRequest'))).toEqual(FIREFOX_LINES);
      for (const permission of SILENT) expect(lineFor(permission), permission).toBeUndefined();
      // The lookup does find lines where Firefox has them, so an empty answer means something.
      expect(lineFor('webNavigation')).toBe('Access browser activity during navigation');
    });
  },
  { file: import.meta.filename },
);
