/** Sizes of the production build (dist/chrome): the popup's JavaScript gzipped, and the whole extension. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';

/**
 * @param {string} dir
 * @returns {Promise<string[]>} every file under dir
 */
async function files(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

const gzip = (/** @type {Buffer} */ buf) => gzipSync(buf, { level: 9 }).length;

/** @param {string} dist the built extension */
export async function measureSize(dist) {
  const all = await files(dist);
  const zip = new JSZip();
  let raw = 0;
  let gzipped = 0;
  for (const path of all) {
    const buf = await readFile(path);
    raw += (await stat(path)).size;
    gzipped += gzip(buf);
    zip.file(relative(dist, path), buf);
  }
  const zipped = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  const popupJs = await readFile(join(dist, 'popup.js'));
  const popupCss = await readFile(join(dist, 'popup.css'));
  /** @type {Record<string, { raw: number; gzip: number }>} */
  const js = {};
  for (const path of all.filter((p) => p.endsWith('.js'))) {
    const buf = await readFile(path);
    js[relative(dist, path)] = { raw: buf.length, gzip: gzip(buf) };
  }
  return {
    popupJsGzip: gzip(popupJs),
    popupJsRaw: popupJs.length,
    popupCssGzip: gzip(popupCss),
    js,
    extension: { files: all.length, raw, gzipSum: gzipped, zip: zipped.length },
  };
}
