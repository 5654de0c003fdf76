/**
 * The built extension's own promises: least privilege, a strict content
 * security policy, no inline or evaluated code, nothing that lets a web page
 * or another extension talk to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let out: string;

/** The manifest fields these tests read; anything else stays unknown. */
interface Manifest {
  permissions: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_security_policy: { extension_pages: string };
  externally_connectable?: unknown;
  web_accessible_resources?: unknown;
}
const readManifest = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'session-watch-build-'));
  execFileSync(process.execPath, [join(root, 'build.mjs'), '--out', out], { cwd: root, stdio: 'pipe' });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(['chrome', 'firefox'])('the %s build', (browser) => {
  const dir = () => join(out, browser);
  const manifest = () => readManifest(join(dir(), 'manifest.json'));
  const files = (ext: string) => readdirSync(dir()).filter((f) => f.endsWith(ext));

  it('asks for no host access at install, only optionally', () => {
    const m = manifest();
    expect(m.host_permissions ?? []).toEqual([]);
    expect(m.permissions.filter((p) => /[:*<]/.test(p))).toEqual([]);
    expect(m.permissions.sort()).toEqual(['activeTab', 'alarms', 'cookies', 'notifications', 'storage', 'webRequest']);
    expect(m.optional_host_permissions).toEqual(['*://*/*']);
  });

  it('may observe requests but never block or rewrite them', () => {
    // webRequest alone only reports requests (to hosts the user granted); blocking or
    // changing them needs webRequestBlocking or declarativeNetRequest.
    const m = manifest();
    expect(m.permissions).toContain('webRequest');
    expect(m.permissions.filter((p) => /^(webRequestBlocking|webRequestFilterResponse|declarativeNetRequest)/.test(p))).toEqual([]);
  });

  it('hands each page the polyfill object itself, not a copy that reads every API', () => {
    // esbuild's CommonJS interop (__toESM) copies an export's properties, listed with
    // Object.getOwnPropertyNames; done to a native `browser` namespace, that builds every
    // API's bindings before the popup's first paint (build.mjs, polyfillAsIs).
    for (const file of files('.js')) {
      expect(readFileSync(join(dir(), file), 'utf8').includes('Object.getOwnPropertyNames'), file).toBe(false);
    }
  });

  it('ships a strict content security policy', () => {
    expect(manifest().content_security_policy.extension_pages).toBe("script-src 'self'; object-src 'none'");
  });

  it('lets no web page or other extension reach it', () => {
    const m = manifest();
    expect(m.externally_connectable).toBeUndefined();
    expect(m.web_accessible_resources).toBeUndefined();
  });

  it('has no inline script or handler in its pages', () => {
    const pages = files('.html');
    expect(pages.sort()).toEqual(expect.arrayContaining(['options.html', 'popup.html']));
    for (const page of pages) {
      const html = readFileSync(join(dir(), page), 'utf8');
      for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
        expect(tag, `${page}: ${tag}`).toMatch(/^<script\b[^>]*\bsrc="[^"]+\.js"[^>]*>\s*<\/script>$/i);
      }
      expect(html, page).not.toMatch(/\son[a-z]+\s*=/i);
      expect(html, page).not.toMatch(/javascript:/i);
    }
  });

  it('evaluates no strings as code', () => {
    for (const js of files('.js')) {
      const code = readFileSync(join(dir(), js), 'utf8');
      // Booleans, so a failure names the file rather than printing a whole bundle.
      expect(/\beval\s*\(/.test(code), `${js} calls eval`).toBe(false);
      expect(/\bnew\s+Function\s*\(/.test(code), `${js} builds a Function`).toBe(false);
      expect(/\bset(Timeout|Interval)\s*\(\s*["'`]/.test(code), `${js} passes a string to a timer`).toBe(false);
    }
  });
});

it('listens to no other extension or web page: no onMessageExternal or onConnectExternal in the source', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const offenders = walk(join(root, 'src')).filter((f) => /(onMessageExternal|onConnectExternal)/.test(readFileSync(f, 'utf8')));
  expect(offenders).toEqual([]);
});

it('keeps the test hosts out of the normal build', () => {
  const m = readManifest(join(out, 'chrome', 'manifest.json'));
  expect(JSON.stringify(m)).not.toContain('example.test');
});
