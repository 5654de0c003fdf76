/**
 * Poll instead of sleeping: `check` runs until it returns a value other than undefined, or time runs out.
 * @template T
 * @param {() => Promise<T | undefined> | T | undefined} check
 * @param {{ timeout: number; interval?: number; what: string }} options
 * @returns {Promise<T>}
 */
export async function poll(check, { timeout, interval = 100, what }) {
  const deadline = Date.now() + timeout;
  /** @type {unknown} */
  let lastError = null;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const detail = lastError ? ` (last error: ${String(/** @type {{ message?: unknown }} */ (lastError).message).split('\n')[0]})` : '';
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail}`);
}

/**
 * Races a promise against a deadline, for close paths that must not hang.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export async function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((/** @type {(v: never) => void} */ _, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
