/** Poll instead of sleeping: `check` runs until it returns a value or the deadline passes. */
export interface WaitOptions {
  timeout: number;
  interval?: number;
  /** Says what was awaited; the last value seen and the last error are appended. */
  message: string;
}

export class WaitTimeout extends Error {
  constructor(
    message: string,
    readonly last: unknown,
  ) {
    super(message);
  }
}

/** Resolves with the first non-undefined result of `check`; errors thrown by `check` count as "not yet". */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeout;
  const interval = options.interval ?? 100;
  let lastError: unknown = null;
  let lastSeen: unknown = undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  try {
    lastSeen = await check();
  } catch (err) {
    lastError = err;
  }
  const detail = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
  throw new WaitTimeout(`timed out after ${options.timeout} ms waiting for ${options.message}${detail}`, lastSeen);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Races a promise against a deadline (for close() paths that must not hang). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
