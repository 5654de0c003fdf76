#!/usr/bin/env node
// Builds the two unpacked extensions, dist/chrome and dist/firefox, from the
// one manifest.json.
//
//   node build.mjs               minified production build
//   node build.mjs --watch       rebuild on change, with source maps
//   node build.mjs --test-hosts  build for the end-to-end tests into
//                                dist/chrome-test and dist/firefox-test, with
//                                host access to the test hosts granted up front
//                                (headless browsers cannot answer a prompt)
//   node build.mjs --demo        build for `npm start`'s demo into dist/chrome-demo
//                                and dist/firefox-demo, with host access to the
//                                demo site on 127.0.0.1 granted up front
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, watch as watchFs } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { polyfillAsIs } from './scripts/polyfill-as-is.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const testHosts = args.has('--test-hosts');
const demo = args.has('--demo');
/** `--out DIR` builds into DIR/chrome and DIR/firefox instead of dist/ (the build's own tests use it). */
const outIndex = process.argv.indexOf('--out');
const outArg = outIndex === -1 ? join(root, 'dist') : process.argv[outIndex + 1];
if (outArg === undefined) throw new Error('--out needs a folder');
const outRoot = outArg;

/** Hosts the end-to-end fixture server answers on; only ever in the test build. */
export const TEST_HOST_PERMISSIONS = [
  '*://127.0.0.1/*',
  '*://localhost/*',
  '*://*.localhost/*',
  '*://example.test/*',
  '*://*.example.test/*',
  '*://other.test/*',
  '*://*.other.test/*',
];

/** The demo site of `npm start` listens on 127.0.0.1 only; only ever in the demo build. */
export const DEMO_HOST_PERMISSIONS = ['*://127.0.0.1/*'];
/**
 * The demo page links the popup so it can be opened in a tab; both browsers
 * refuse a web page's link to an extension page that is not web-accessible.
 */
export const DEMO_WEB_ACCESSIBLE = [{ resources: ['popup.html'], matches: ['http://127.0.0.1/*'] }];

/** @typedef {'chrome' | 'firefox'} Browser */
/** @type {Browser[]} */
const BROWSERS = ['chrome', 'firefox'];

/**
 * manifest.json as far as the build reshapes it; every other key passes through.
 * @typedef {{ background: { service_worker?: string; scripts?: string[] }; browser_specific_settings?: unknown; host_permissions?: string[]; permissions: string[]; web_accessible_resources?: unknown; [key: string]: unknown }} Manifest
 */

/** Every folder of src/ with a main.tsx and an HTML page of the same name is an extension page. */
async function pageEntries() {
  /** @type {string[]} */
  const pages = [];
  for (const entry of await readdir(join(root, 'src'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, 'src', entry.name);
    if (existsSync(join(dir, 'main.tsx')) && existsSync(join(dir, `${entry.name}.html`))) {
      pages.push(entry.name);
    }
  }
  return pages;
}

/**
 * The one manifest, shaped for one browser: each gets only the keys it understands.
 * @param {Browser} browser
 * @param {Manifest} base manifest.json
 * @returns {Manifest}
 */
export function manifestFor(browser, base, { testHosts: withTestHosts = false, demo: withDemo = false } = {}) {
  const manifest = structuredClone(base);
  if (browser === 'chrome') {
    // Chromium runs the worker from service_worker and warns about keys it does not know.
    manifest.background = { service_worker: base.background.service_worker };
    delete manifest.browser_specific_settings;
  } else {
    // Firefox runs MV3 backgrounds as event pages and refuses service_worker alone.
    manifest.background = { scripts: base.background.scripts };
  }
  if (withTestHosts) {
    manifest.host_permissions = [...TEST_HOST_PERMISSIONS];
    // Keep-alive's idle permission, granted up front for the same reason; no longer optional then.
    manifest.permissions = [...manifest.permissions, 'idle'];
    delete manifest.optional_permissions;
  } else if (withDemo) {
    manifest.host_permissions = [...DEMO_HOST_PERMISSIONS];
    manifest.web_accessible_resources = structuredClone(DEMO_WEB_ACCESSIBLE);
  }
  return manifest;
}

/**
 * @param {string} outDir
 * @param {Browser} browser
 * @param {string[]} pages
 */
async function copyStatic(outDir, browser, pages) {
  /** @type {unknown} */
  const source = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  const base = /** @type {Manifest} */ (source);
  await writeFile(join(outDir, 'manifest.json'), JSON.stringify(manifestFor(browser, base, { testHosts, demo }), null, 2));
  await cp(join(root, 'icons'), join(outDir, 'icons'), { recursive: true, filter: (src) => !src.endsWith('.svg') });
  await cp(join(root, '_locales'), join(outDir, '_locales'), { recursive: true });
  for (const page of pages) {
    await cp(join(root, 'src', page, `${page}.html`), join(outDir, `${page}.html`));
  }
}

/**
 * @param {Browser} browser
 * @param {string[]} pages
 */
async function buildOne(browser, pages) {
  const outDir = join(outRoot, testHosts ? `${browser}-test` : demo ? `${browser}-demo` : browser);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await copyStatic(outDir, browser, pages);

  /** @type {Record<string, string>} */
  const entryPoints = { background: join(root, 'src/background/index.ts') };
  for (const page of pages) entryPoints[page] = join(root, 'src', page, 'main.tsx');

  /** @type {import('esbuild').BuildOptions} */
  const options = {
    entryPoints,
    outdir: outDir,
    bundle: true,
    format: 'iife',
    target: browser === 'chrome' ? ['chrome120'] : ['firefox140'],
    minify: !watch,
    sourcemap: watch ? 'linked' : false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
    plugins: [polyfillAsIs],
  };
  if (!watch) {
    await esbuild.build(options);
    return outDir;
  }
  const ctx = await esbuild.context(options);
  await ctx.watch();
  for (const dir of ['_locales', 'icons', 'src']) {
    watchFs(join(root, dir), { recursive: true }, (_event, file) => {
      if (dir !== 'src' || String(file).endsWith('.html')) {
        copyStatic(outDir, browser, pages).catch((err) => console.error(err));
      }
    });
  }
  watchFs(join(root, 'manifest.json'), () => {
    copyStatic(outDir, browser, pages).catch((err) => console.error(err));
  });
  return outDir;
}

async function main() {
  const pages = await pageEntries();
  const dirs = await Promise.all(BROWSERS.map((browser) => buildOne(browser, pages)));
  for (const dir of dirs) console.log(`built ${dir.startsWith(root) ? dir.slice(root.length + 1) : dir}`);
  if (watch) console.log('watching for changes (Ctrl-C to stop)');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
