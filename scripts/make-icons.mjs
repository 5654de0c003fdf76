#!/usr/bin/env node
// Renders the toolbar and store icons from their SVG sources with headless
// Chromium. A development tool, not part of the build: run it after editing an
// SVG and commit the PNGs.
//
//   node scripts/make-icons.mjs                     write icons/icon-{16,32,48,128}.png
//   node scripts/make-icons.mjs --preview out.png   also write a sheet of every size,
//                                                   enlarged, on light and dark toolbars
//
// Uses CHROMIUM_PATH, or /usr/bin/chromium.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HEADLESS_CHROMIUM_FLAGS } from './chromium-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const icons = join(root, 'icons');

/** Output size -> source. 16 px has its own drawing: the large one blurs into mush there. */
/** @type {[number, string][]} */
const SIZES = [
  [16, 'icon-16.svg'],
  [32, 'icon.svg'],
  [48, 'icon.svg'],
  [128, 'icon.svg'],
];

/** Toolbar colours of Chrome and Firefox, light and dark themes. */
const BACKGROUNDS = ['#ffffff', '#f9f9fb', '#dee1e6', '#35363a', '#2b2a33', '#202124'];

/** @param {string} svg */
function dataUrl(svg) {
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} svg
 * @param {number} size
 */
async function render(page, svg, size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style>` +
      `<img src="${dataUrl(svg)}" width="${size}" height="${size}">`,
  );
  await page.waitForFunction(() => document.images[0]?.complete);
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/**
 * Every size at 1x and enlarged to one height (pixelated, to judge crispness) on each background.
 * @param {import('playwright-core').Page} page
 * @param {[number, Buffer][]} pngs
 */
async function preview(page, pngs) {
  const shown = 128;
  const cells = pngs
    .map(([size, png]) => {
      const src = `data:image/png;base64,${png.toString('base64')}`;
      return `<img src="${src}" width="${size}" height="${size}"><img src="${src}" width="${shown}" height="${shown}">`;
    })
    .join('');
  const rows = BACKGROUNDS.map((bg) => `<div style="background:${bg}">${cells}</div>`).join('');
  const width = pngs.reduce((sum, [size]) => sum + size + shown + 24, 16);
  await page.setViewportSize({ width, height: 100 });
  await page.setContent(
    `<!doctype html><style>body{margin:0}div{display:flex;align-items:center;gap:12px;padding:8px}` +
      `img{image-rendering:pixelated}</style>${rows}`,
  );
  return page.screenshot({ fullPage: true });
}

async function main() {
  const args = process.argv.slice(2);
  const previewAt = args.indexOf('--preview');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...HEADLESS_CHROMIUM_FLAGS],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    /** @type {[number, Buffer][]} */
    const pngs = [];
    for (const [size, source] of SIZES) {
      const png = await render(page, await readFile(join(icons, source), 'utf8'), size);
      const out = join(icons, `icon-${size}.png`);
      await writeFile(out, png);
      console.log(`wrote ${out.slice(root.length + 1)}`);
      pngs.push([size, png]);
    }
    if (previewAt !== -1) {
      const out = args[previewAt + 1];
      if (!out) throw new Error('--preview needs a file name');
      await writeFile(out, await preview(page, pngs));
      console.log(`wrote ${out}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
