/**
 * The order of the e2e files: the smoke file first (if the harness cannot
 * start a browser, that is the failure to read), then the rest by path, the
 * same on every run. Vitest's own order puts the slowest file of the last run
 * first, which is no order to read a report by. (JavaScript: the e2e config
 * imports it, and Vite's config loader wants a file extension on imports.)
 */

/**
 * smokeFirst(['b.e2e.ts', 'smoke.e2e.ts', 'a.e2e.ts']) -> ['smoke.e2e.ts', 'a.e2e.ts', 'b.e2e.ts']
 * @param {readonly string[]} paths
 * @returns {string[]}
 */
export function smokeFirst(paths) {
  /** @param {string} p */
  const isSmoke = (p) => /(^|\/)smoke\.e2e\.ts$/.test(p);
  return [...paths].sort((a, b) => Number(isSmoke(b)) - Number(isSmoke(a)) || a.localeCompare(b));
}

/** @typedef {import('vitest/node').TestSequencer} TestSequencer */

/** @implements {TestSequencer} */
export default class SmokeFirstSequencer {
  /** @param {import('vitest/node').TestSpecification[]} files */
  shard(files) {
    return files;
  }

  /** @param {import('vitest/node').TestSpecification[]} files */
  sort(files) {
    const order = smokeFirst(files.map((f) => f.moduleId));
    return [...files].sort((a, b) => order.indexOf(a.moduleId) - order.indexOf(b.moduleId));
  }
}
