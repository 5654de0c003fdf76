/**
 * Calls `fn` once the page has a moment with nothing to do (and within
 * `timeout` ms whatever happens), so work that can wait does not delay
 * the first paint or a keystroke. Returns the function that cancels it.
 * Where there is no requestIdleCallback (jsdom) a short timer stands in.
 * https://developer.mozilla.org/docs/Web/API/Window/requestIdleCallback
 */
export function whenIdle(fn: () => void, timeout = 500): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => fn(), { timeout });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(fn, 16);
  return () => clearTimeout(timer);
}
