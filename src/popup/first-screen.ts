/**
 * The model of the popup's first paint, from the first screen the worker
 * keeps (core/first-screen.ts) and the records of its rows: the rows and the
 * settings they need, and the counts of the whole list so the switch, the
 * filter and "Show more" read as they will once the whole store is read.
 */
import type { FirstScreen } from '../core/first-screen';
import type { ServerKnowledge } from '../core/lifetime';
import { DEFAULTS } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import type { readFirstScreen } from '../platform/first-screen-store';
import { whenIdle } from '../ui/when-idle';
import type { PopupModel } from './popup-model';

/** firstScreenModel({screen, records}, server) -> { settings: {...DEFAULTS, domains: screen.domains, …}, records, counts, server } */
export function firstScreenModel(
  { screen, records }: { screen: FirstScreen; records: CookieRecord[] },
  server: ServerKnowledge,
): Pick<PopupModel, 'settings' | 'records' | 'counts' | 'server'> {
  return {
    settings: { ...DEFAULTS, domains: screen.domains, leadMinutes: screen.leadMinutes, showAllCookies: screen.showAll },
    records,
    counts: { listed: screen.listed, hidden: screen.hidden },
    server,
  };
}

/** How long the whole store's read may wait for an idle moment after the first paint. */
const REST_WAIT_MS = 100;

/**
 * Waits for the first screen (its read is started by the caller, before
 * anything else the page asks) and hands its model to `paint` when it has rows;
 * resolves once the page has had a moment to draw it (at once when there
 * was nothing to paint), so the whole store's read and render come after.
 * What the worker saw of the servers comes with it: a session the server
 * ends after idleness counts from the last request from the first paint on
 * (without it, a PHP session set hours ago would flash "Expired").
 * A first screen that is missing, malformed or unreadable paints nothing.
 */
export function paintFirstScreen(
  screen: ReturnType<typeof readFirstScreen>,
  server: Promise<ServerKnowledge>,
  paint: (first: ReturnType<typeof firstScreenModel>) => void,
): Promise<void> {
  return Promise.all([screen, server]).then(
    ([first, knowledge]) => {
      if (!first || first.records.length === 0) return;
      try {
        paint(firstScreenModel(first, knowledge));
      } catch (error) {
        // The whole store's read paints the page as it would have without a first screen.
        console.error('Session Watch: could not paint the first screen', error);
        return;
      }
      return new Promise<void>((resolve) => whenIdle(resolve, REST_WAIT_MS));
    },
    () => undefined,
  );
}
