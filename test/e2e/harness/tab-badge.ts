/** The toolbar badge of one tab, read from the probe with the extension's own action API. */
import type { Driver } from './driver';
import type { ExtApi, ExtGlobal } from './ext-api';
import { waitFor } from './wait';

export interface BadgeView {
  text: string;
  /** [r, g, b, a] */
  color: number[];
  /** [r, g, b, a]; null where the browser cannot say. */
  textColor: number[] | null;
  /** The action's tooltip on that tab. */
  title: string;
}

/** "#F9AB00" -> [249, 171, 0, 255], the form getBadgeBackgroundColor answers in. */
export function rgba(hex: string): number[] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16), 255];
}

/** The id the extension knows the one open tab of `host` by (the test hosts are granted, so their tab urls are visible). */
export async function tabIdOf(driver: Driver, host: string): Promise<number> {
  const probe = await driver.probe();
  return waitFor(
    async () => {
      const found = await probe.evaluate(async (h) => {
        const g = globalThis as unknown as ExtGlobal;
        const tabs = await (g.browser ?? g.chrome)?.tabs.query({});
        return (tabs ?? []).filter((t) => t.url !== undefined && new URL(t.url).hostname === h).map((t) => t.id ?? -1);
      }, host);
      if (found.length > 1) throw new Error(`${found.length} tabs are open on ${host}`);
      return found[0];
    },
    { timeout: 5000, message: `the tab of ${host}` },
  );
}

export async function readBadge(driver: Driver, tabId: number): Promise<BadgeView> {
  const probe = await driver.probe();
  return probe.evaluate(async (id) => {
    const g = globalThis as unknown as ExtGlobal;
    const action = ((g.browser ?? g.chrome) as ExtApi).action;
    return {
      text: await action.getBadgeText({ tabId: id }),
      color: Array.from(await action.getBadgeBackgroundColor({ tabId: id })),
      textColor: action.getBadgeTextColor ? Array.from(await action.getBadgeTextColor({ tabId: id })) : null,
      title: await action.getTitle({ tabId: id }),
    };
  }, tabId);
}
