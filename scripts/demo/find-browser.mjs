/**
 * Where the browser for the demo is: the path given on the command line, or
 * the Debian path the end-to-end tests use, or the first known name on PATH.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CANDIDATES = {
  chromium: {
    paths: ['/usr/bin/chromium'],
    names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
  },
  firefox: {
    paths: ['/usr/bin/firefox-esr'],
    names: ['firefox-esr', 'firefox'],
  },
};

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * findBrowser('chromium') -> "/usr/bin/chromium", or null when there is none.
 * @param {'chromium' | 'firefox'} kind
 * @param {{ explicit?: string | null, pathEnv?: string }} [options]
 * @returns {string | null}
 */
export function findBrowser(kind, { explicit = null, pathEnv = process.env.PATH ?? '' } = {}) {
  if (explicit) return isExecutable(explicit) ? explicit : null;
  const { paths, names } = CANDIDATES[kind];
  for (const path of paths) if (isExecutable(path)) return path;
  const dirs = pathEnv.split(delimiter).filter(Boolean);
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutable(path)) return path;
    }
  }
  return null;
}
