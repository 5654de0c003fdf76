/**
 * Once per e2e run: start from an empty test-results/e2e so every artifact
 * there is from this run; at the end, print per browser the scenarios that ran
 * and each one skipped with its reason (also saved as scenarios.txt), and the
 * wall time each browser took. A skip without a reason fails the run.
 */
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { RESULTS_DIR } from './artifacts';
import { scenarioReport, type EndedTest } from './scenario-report';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await rm(RESULTS_DIR, { recursive: true, force: true });
  return async () => {
    const tests: EndedTest[] = [];
    for (const module of project.vitest.state.getTestModules()) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        tests.push({ fullName: test.fullName, state: result.state, note: result.state === 'skipped' ? result.note : undefined });
      }
    }
    // `-t` skips every test it does not select, without a note.
    const narrowed = project.config.testNamePattern !== undefined;
    const report = scenarioReport(tests, narrowed);
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(join(RESULTS_DIR, 'scenarios.txt'), `${report.lines.join('\n')}\n`);
    for (const line of report.lines) console.log(line);
    if (report.unexplained.length > 0) {
      console.error(`[e2e] skipped without a reason (use itExcept with a reason): ${report.unexplained.join('; ')}`);
      // A throw here is only logged by Vitest; the exit code is what CI reads.
      process.exitCode = 1;
    }

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
