/**
 * Tells an element when it scrolls into or out of view, through one shared
 * IntersectionObserver, so off-screen countdowns can stop ticking. Where
 * there is no IntersectionObserver (jsdom), everything counts as visible.
 */
type Listener = (visible: boolean) => void;

const listeners = new Map<Element, Listener>();
let observer: IntersectionObserver | undefined;

export function observeVisibility(element: Element, onChange: Listener): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    onChange(true);
    return () => {};
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) listeners.get(entry.target)?.(entry.isIntersecting);
    },
    // A little ahead of the edge, so a row is current before it scrolls in.
    { rootMargin: '64px 0px' },
  );
  listeners.set(element, onChange);
  observer.observe(element);
  return () => {
    listeners.delete(element);
    observer?.unobserve(element);
  };
}
