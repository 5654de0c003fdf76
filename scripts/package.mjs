#!/usr/bin/env node
// `npm run package` (after `npm run build`): the zips the stores take, in artifacts/.
//
//   session-watch-chrome-<version>.zip   Chrome Web Store: dist/chrome, manifest.json at the root
//   session-watch-firefox-<version>.zip  addons.mozilla.org: dist/firefox, zipped by `web-ext build`
//   session-watch-source-<version>.zip   the source AMO asks for, because the add-on's code is bundled
//                                        and minified: every file git knows of, plus BUILDING.md
//
//   node scripts/package.mjs --out=DIR   somewhere other than artifacts/
//
// Each zip is opened again and its entries listed, so a broken zip fails here
// rather than in a store's upload form.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import JSZip from 'jszip';
import webExt from 'web-ext';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(root, args.out ?? 'artifacts');

const BUILD_NOTE = 'BUILDING.md';

/**
 * The built extension's version; refuses a build whose manifest disagrees with the source's.
 * @param {'chrome' | 'firefox'} dir
 * @param {string} sourceVersion
 * @returns {Promise<string>}
 */
async function versionOf(dir, sourceVersion) {
  const file = join(root, 'dist', dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`dist/${dir}/manifest.json is missing: run \`npm run build\` first`);
  /** @type {unknown} */
  const built = JSON.parse(await readFile(file, 'utf8'));
  const manifest = /** @type {{ version: string; host_permissions?: string[] }} */ (built);
  if (manifest.version !== sourceVersion) {
    throw new Error(`dist/${dir} is version ${manifest.version}, manifest.json says ${sourceVersion}: run \`npm run build\` again`);
  }
  if (manifest.host_permissions) {
    throw new Error(`dist/${dir} grants host permissions up front; that is a test or demo build, not one for a store`);
  }
  return manifest.version;
}

/**
 * `web-ext build`: zips a folder as the stores expect (manifest at the root, no dotfiles).
 * @param {'chrome' | 'firefox'} dir
 * @param {string} filename
 */
async function zipExtension(dir, filename) {
  const { extensionPath } = await webExt.cmd.build(
    { sourceDir: join(root, 'dist', dir), artifactsDir: out, filename, overwriteDest: true },
    { showReadyMessage: false },
  );
  return extensionPath;
}

/** Tracked files and new ones not ignored: what `npm run build` just built from. */
function sourceFiles() {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  // A file deleted in the working tree is still listed as tracked until the deletion is committed.
  return [...new Set(listed.split('\0').filter(Boolean))].filter((file) => existsSync(join(root, file))).sort();
}

/** @param {string} version */
function buildNote(version) {
  const node = process.version;
  return `# Building Session Watch ${version} from this source

You need Node 20 or later and npm (packaged with Node ${node}, npm ${npmVersion()}).

    npm ci && npm run build

\`npm run build\` runs build.mjs, which bundles and minifies src/ with esbuild
into dist/firefox (the add-on submitted to addons.mozilla.org) and dist/chrome.
The add-on zip is dist/firefox zipped by \`web-ext build\` (\`npm run package\`).
\`npm ci\` installs exactly the packages pinned in package-lock.json; the
build itself downloads nothing.
`;
}

function npmVersion() {
  try {
    return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * @param {string} version
 * @param {string} filename
 */
async function zipSource(version, filename) {
  const files = sourceFiles();
  if (files.includes(BUILD_NOTE)) throw new Error(`${BUILD_NOTE} is in the repository; the source zip's build note would replace it`);
  const zip = new JSZip();
  for (const file of files) {
    const info = await stat(join(root, file));
    zip.file(file, await readFile(join(root, file)), { date: info.mtime, unixPermissions: info.mode });
  }
  zip.file(BUILD_NOTE, buildNote(version));
  const path = join(out, filename);
  const data = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
  await writeFile(path, data);
  return path;
}

/**
 * Opens a zip again and returns its file entries (folders left out).
 * @param {string} path
 */
export async function zipEntries(path) {
  const zip = await JSZip.loadAsync(await readFile(path));
  return Object.values(zip.files)
    .filter((entry) => !entry.dir)
    .map((entry) => entry.name)
    .sort();
}

/** @param {number} bytes */
function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

async function main() {
  /** @type {unknown} */
  const sourceManifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  const source = /** @type {{ version: string }} */ (sourceManifest);
  const version = await versionOf('chrome', source.version);
  await versionOf('firefox', source.version);
  await mkdir(out, { recursive: true });

  /** @type {{ path: string; store: string; extension: boolean }[]} */
  const zips = [];
  const chrome = `session-watch-chrome-${version}.zip`;
  const firefox = `session-watch-firefox-${version}.zip`;
  const sourceZip = `session-watch-source-${version}.zip`;
  for (const name of [chrome, firefox, sourceZip]) await rm(join(out, name), { force: true });

  zips.push({ path: await zipExtension('chrome', chrome), store: 'Chrome Web Store', extension: true });
  zips.push({ path: await zipExtension('firefox', firefox), store: 'addons.mozilla.org', extension: true });
  zips.push({ path: await zipSource(version, sourceZip), store: 'addons.mozilla.org, source code', extension: false });

  for (const zip of zips) {
    const entries = await zipEntries(zip.path);
    if (zip.extension && !entries.includes('manifest.json')) throw new Error(`${zip.path} has no manifest.json at its root`);
    const size = (await stat(zip.path)).size;
    console.log(`${relative(root, zip.path)}  (${zip.store}; ${entries.length} files, ${kb(size)})`);
    if (zip.extension) {
      for (const entry of entries) console.log(`    ${entry}`);
    } else {
      const top = [...new Set(entries.map((e) => (e.includes('/') ? `${e.slice(0, e.indexOf('/'))}/` : e)))];
      console.log(`    ${top.join('  ')}`);
    }
  }

  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim();
  if (dirty) {
    console.log(
      '\nNote: the working tree has uncommitted changes, and the zips hold them. For a release, package a clean checkout of the release commit.',
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
