/**
 * Finds an element the way a person would (a field by its label, a button by
 * its accessible name) and tags it with a one-off attribute, so both drivers
 * can click or type into it through a plain CSS selector.
 */
import type { TabHandle } from './driver';
import { waitFor } from './wait';

export type Target = { field: string } | { button: string; within?: string };

/** Runs in the page: no references outside its body. */
function markInPage(target: Target): string | null {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const accessibleName = (el: Element): string => {
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy)
      return norm(
        labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
    const label = el.getAttribute('aria-label');
    if (label) return norm(label);
    if (el instanceof HTMLInputElement) return norm(el.value);
    return norm(el.textContent);
  };
  let found: Element | null = null;
  if ('field' in target) {
    for (const label of Array.from(document.querySelectorAll('label'))) {
      if (norm(label.textContent) !== target.field) continue;
      found = label.control ?? label.querySelector('input, select, textarea');
      if (found) break;
    }
    found ??= Array.from(document.querySelectorAll('input, select, textarea')).find((el) => accessibleName(el) === target.field) ?? null;
  } else {
    const scope = target.within ? document.querySelector(target.within) : document;
    const candidates = Array.from(scope?.querySelectorAll('button, input[type="submit"], [role="button"]') ?? []);
    found = candidates.find((el) => accessibleName(el) === target.button) ?? null;
  }
  if (!found) return null;
  const token = `m${Math.random().toString(36).slice(2)}`;
  found.setAttribute('data-e2e-mark', token);
  return `[data-e2e-mark="${token}"]`;
}

/** Waits for the element and returns a selector for it. */
export function mark(page: TabHandle, target: Target, timeout = 5000): Promise<string> {
  return waitFor(async () => (await page.evaluate(markInPage, target)) ?? undefined, {
    timeout,
    message: `${JSON.stringify(target)} in ${page.label}`,
  });
}
