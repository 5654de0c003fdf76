/**
 * Keeps the popup's first screen (core/first-screen.ts) in step with the
 * records. The planner calls it on every run, with the records (and their
 * stamp), settings and server knowledge it has just read: every batch of
 * cookie changes, scan, clearing and server answer ends in a planner run,
 * so the first screen follows each of them without a read of its own.
 */
import { errorText } from '../core/error-text';
import { firstScreenOf } from '../core/first-screen';
import type { ServerKnowledge } from '../core/lifetime';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { keepFirstScreen } from '../platform/first-screen-store';
import type { WorkerDeps } from './worker-deps';

export async function updateFirstScreen(
  deps: WorkerDeps,
  { records, stamp }: { records: readonly CookieRecord[]; stamp: string | null },
  settings: Settings,
  server: ServerKnowledge,
): Promise<void> {
  try {
    await keepFirstScreen(firstScreenOf(records, settings, server, deps.now(), stamp));
  } catch (e) {
    // Only the popup's first paint is slower without it: the popup reads the records either way.
    deps.warn(`Session Watch: could not store the popup's first screen: ${errorText(e)}`);
  }
}
