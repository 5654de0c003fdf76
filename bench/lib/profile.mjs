/**
 * CPU profiles (DevTools Profiler domain) summarised into self and total time
 * per function, for saying what in which file costs what.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { polyfillAsIs } from '../../scripts/polyfill-as-is.mjs';
import { ROOT } from './paths.mjs';

/**
 * Rebuilds the worker and the popup of a bench copy unminified (same esbuild
 * options as build.mjs otherwise), so profiles name functions and lines.
 * @param {string} dir
 */
export async function unminify(dir) {
  await esbuild.build({
    entryPoints: { background: join(ROOT, 'src/background/index.ts'), popup: join(ROOT, 'src/popup/main.tsx') },
    outdir: dir,
    bundle: true,
    format: 'iife',
    target: ['chrome120'],
    minify: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [polyfillAsIs],
  });
}

/**
 * The parts of a DevTools Profiler.Profile read here (playwright-core does not export its Protocol types).
 * @typedef {{ functionName: string; url: string; lineNumber: number }} CallFrame
 * @typedef {{ nodes: { id: number; callFrame: CallFrame; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] }} Profile
 */

/**
 * Starts sampling on a DevTools session (page or worker); returns stop() -> profile.
 * @param {Pick<import('playwright-core').CDPSession, 'send'>} session
 */
export async function startProfile(session, intervalUs = 200) {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  return async () => (await session.send('Profiler.stop')).profile;
}

/**
 * The source module of each line of an unminified bundle, from the
 * "// ../../src/core/matching.ts" comment esbuild puts above each module.
 * @param {string} path
 * @returns {(line: number) => string | null}
 */
function moduleLines(path) {
  /** @type {[number, string][]} */
  const marks = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      const m = /^\s*\/\/ (?:\.\.\/)*((?:src|node_modules)\/\S+)$/.exec(text);
      if (m?.[1]) marks.push([i, m[1].replace(/^node_modules\/([^/]+)\/.*$/, '$1')]);
    });
  return (line) => {
    let found = null;
    for (const [at, name] of marks) {
      if (at > line) break;
      found = name;
    }
    return found;
  };
}

/**
 * @param {string | null} dir where the unminified bundle is, to name each function's module
 * @returns {(f: CallFrame) => string}
 */
function labeller(dir) {
  /** @type {Map<string, (line: number) => string | null>} */
  const files = new Map();
  return (f) => {
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    let where = file ? `${file}:${f.lineNumber + 1}` : '';
    if (dir && file.endsWith('.js')) {
      if (!files.has(file)) {
        try {
          files.set(file, moduleLines(join(dir, file)));
        } catch {
          files.set(file, () => null);
        }
      }
      where = files.get(file)?.(f.lineNumber) ?? where;
    }
    return `${f.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
  };
}

/**
 * Self and total (inclusive) ms per function, busiest first; idle excluded.
 * @param {Profile} profile
 * @param {{ top?: number; dir?: string | null }} options
 */
export function summariseProfile(profile, { top = 25, dir = null } = {}) {
  const label = labeller(dir);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  (profile.samples ?? []).forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  /** @type {Map<string, number>} */
  const self = new Map();
  /** @type {Map<string, number>} */
  const total = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const name = label(node.callFrame);
    busy += us;
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set();
    for (let /** @type {number | undefined} */ cur = id; cur !== undefined; cur = parent.get(cur)) {
      const at = byId.get(cur);
      if (!at) break;
      const l = label(at.callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
  const rank = (/** @type {Map<string, number>} */ m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000 }));
  return { busyMs: busy / 1000, self: rank(self), total: rank(total) };
}
