import type { TabHandle } from './driver';
import { waitFor } from './wait';

/** The DOM contract: both pages set data-ready="true" on <html> once their data has rendered. */
export async function waitForReady(page: TabHandle, timeout = 10_000): Promise<void> {
  await waitFor(() => page.evaluate(() => (document.documentElement.dataset.ready === 'true' ? true : undefined), null), {
    timeout,
    message: `${page.label} to set data-ready="true"`,
  });
}
