/**
 * Injected before any page script (DevTools Page.addScriptToEvaluateOnNewDocument):
 * notes, on the page's own clock (0 = navigation start), the moment the
 * page marks itself ready and how many rows it shows then, plus long tasks.
 * Identical for the floor pages and the popup.
 */
export const INIT_SCRIPT = `(() => {
  if (location.protocol !== 'chrome-extension:' && location.protocol !== 'moz-extension:') return;
  const mark = {
    ready: null,
    rowsAtReady: null,
    longTasks: [],
    // Resolves once a frame has been produced after the current DOM: the next animation frame, then a task.
    afterFrame: () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))),
  };
  // Awaited by the bench in one DevTools call, so no polling runs in the page while it loads.
  let markReady;
  mark.whenReady = new Promise((resolve) => {
    markReady = resolve;
  });
  Object.defineProperty(window, '__bench', { value: mark });
  // The document element does not exist yet when this runs: watch the document.
  new MutationObserver((records, observer) => {
    if (document.documentElement?.dataset.ready !== 'true') return;
    mark.ready = performance.now();
    observer.disconnect();
    mark.rowsAtReady = document.querySelectorAll('tbody tr[data-id]').length;
    markReady(mark.ready);
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) mark.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();`;
