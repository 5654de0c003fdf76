/**
 * The two extensions a bench run loads, built fresh each run into bench/.build/:
 *  - subject: the production build (`node build.mjs`, dist/chrome) copied as is,
 *    plus host access to every site granted up front (headless Chromium cannot
 *    answer a permission prompt) and the bench-only pages (blank page, the
 *    popup-ready and live-tick floors and references, setup). The product's own files are byte for byte the shipped ones.
 *  - floor: bench/floor-extension, a worker whose cookies.onChanged listener is empty.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { polyfillAsIs } from '../../scripts/polyfill-as-is.mjs';
import { BENCH, ROOT } from './paths.mjs';

export const BUILD_DIR = join(BENCH, '.build');

export async function buildExtensions({ skipProductBuild = false } = {}) {
  if (!skipProductBuild) execFileSync(process.execPath, [join(ROOT, 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const subject = join(BUILD_DIR, 'subject');
  const floor = join(BUILD_DIR, 'floor');
  await rm(BUILD_DIR, { recursive: true, force: true });
  await mkdir(BUILD_DIR, { recursive: true });
  await cp(join(ROOT, 'dist', 'chrome'), subject, { recursive: true });
  await cp(join(BENCH, 'floor-extension'), floor, { recursive: true });

  const manifestPath = join(subject, 'manifest.json');
  /** @type {unknown} */
  const built = JSON.parse(await readFile(manifestPath, 'utf8'));
  const manifest = /** @type {Record<string, unknown>} */ (built);
  manifest.host_permissions = ['*://*/*'];
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  const pages = join(BENCH, 'pages');
  await cp(join(pages, 'blank.html'), join(subject, 'blank.html'));
  await cp(join(pages, 'countdown-box.css'), join(subject, 'countdown-box.css'));
  for (const name of ['tick-one', 'tick-many', 'rows-floor']) {
    await cp(join(pages, `${name}.html`), join(subject, `${name}.html`));
    await cp(join(pages, `${name}.js`), join(subject, `${name}.js`));
  }
  // The reference for popup ready is the popup's own page, with its script in place of popup.js.
  const popupPage = await readFile(join(subject, 'popup.html'), 'utf8');
  const samePage = popupPage.replace(/<script src="popup\.js"><\/script>/, '<script src="rows-same.js"></script>');
  if (samePage === popupPage) throw new Error('popup.html loads no popup.js: the reference page cannot be made from it');
  await writeFile(join(subject, 'rows-same.html'), samePage);
  await cp(join(pages, 'rows-same.js'), join(subject, 'rows-same.js'));
  await cp(join(pages, 'setup.html'), join(subject, 'bench-setup.html'));
  await esbuild.build({
    entryPoints: [join(pages, 'setup.js')],
    outfile: join(subject, 'bench-setup.js'),
    bundle: true,
    format: 'iife',
    target: ['chrome120'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [polyfillAsIs],
  });
  const firefox = await firefoxBuilds(subject, floor);
  return { subject, floor, dist: join(ROOT, 'dist', 'chrome'), ...firefox };
}

/**
 * The same two extensions for Firefox: dist/firefox with the same bench pages
 * (and host access granted, which a temporary add-on gets without a prompt),
 * and the floor extension as an event page with a gecko id.
 * @param {string} subject the Chromium subject, whose bench pages are copied
 * @param {string} floor the Chromium floor
 */
async function firefoxBuilds(subject, floor) {
  const firefoxSubject = join(BUILD_DIR, 'subject-firefox');
  const firefoxFloor = join(BUILD_DIR, 'floor-firefox');
  await cp(join(ROOT, 'dist', 'firefox'), firefoxSubject, { recursive: true });
  const shipped = new Set(await readdir(join(ROOT, 'dist', 'chrome')));
  for (const name of await readdir(subject)) {
    if (!shipped.has(name)) await cp(join(subject, name), join(firefoxSubject, name));
  }
  const subjectManifest = join(firefoxSubject, 'manifest.json');
  /** @type {unknown} */
  const parsedSubject = JSON.parse(await readFile(subjectManifest, 'utf8'));
  const built = /** @type {Record<string, unknown>} */ (parsedSubject);
  built.host_permissions = ['*://*/*'];
  await writeFile(subjectManifest, JSON.stringify(built, null, 2));

  await cp(floor, firefoxFloor, { recursive: true });
  await cp(join(BENCH, 'pages', 'blank.html'), join(firefoxFloor, 'blank.html'));
  const floorManifest = join(firefoxFloor, 'manifest.json');
  /** @type {unknown} */
  const parsedFloor = JSON.parse(await readFile(floorManifest, 'utf8'));
  const manifest = /** @type {Record<string, unknown>} */ (parsedFloor);
  manifest.background = { scripts: ['background.js'] };
  manifest.browser_specific_settings = { gecko: { id: 'bench-floor@session-watch.org' } };
  await writeFile(floorManifest, JSON.stringify(manifest, null, 2));
  return { firefoxSubject, firefoxFloor };
}
