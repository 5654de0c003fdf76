/**
 * Once per e2e run: start from an empty test-results/e2e so every artifact
 * there is from this run; at the end, print the wall time each browser took.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RESULTS_DIR } from './artifacts';

export default async function setup(): Promise<() => Promise<void>> {
  await rm(RESULTS_DIR, { recursive: true, force: true });
  return async () => {
    const lines = await readFile(join(RESULTS_DIR, 'timings.jsonl'), 'utf8').catch(() => '');
    const total = new Map<string, { ms: number; suites: number }>();
    for (const line of lines.split('\n').filter(Boolean)) {
      const { browser, ms } = JSON.parse(line) as { browser: string; ms: number };
      const t = total.get(browser) ?? { ms: 0, suites: 0 };
      total.set(browser, { ms: t.ms + ms, suites: t.suites + 1 });
    }
    for (const [browser, t] of total) {
      console.log(`[e2e] ${browser}: ${(t.ms / 1000).toFixed(1)} s over ${t.suites} suites (launch and close included)`);
    }
  };
}
