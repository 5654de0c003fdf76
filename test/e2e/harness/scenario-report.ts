/**
 * What the e2e run did, per browser: how many scenarios ran, and each one
 * skipped with its reason. A skip without a reason is an error unless the run
 * was narrowed (`-t`), which skips everything it did not select.
 */

/** One test as the run ended: its full name ("chromium: hardening > c: ..."), state and skip note. */
export interface EndedTest {
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  note: string | undefined;
}

export interface ScenarioReport {
  lines: string[];
  /** Skipped tests that give no reason (always empty when the run was narrowed). */
  unexplained: string[];
}

/** The browser a test ran in, from the describe browserSuite() names after it; "other" outside one. */
function browserOf(fullName: string): string {
  const m = /^(chromium|firefox): /.exec(fullName);
  return m?.[1] ?? 'other';
}

/**
 * scenarioReport([{fullName: 'firefox: a > x', state: 'skipped', note: 'why'}], false)
 *   -> {lines: ['[e2e] firefox: 0 scenarios ran, 1 skipped', '[e2e]   skipped a > x: why'], unexplained: []}
 */
export function scenarioReport(tests: readonly EndedTest[], narrowed: boolean): ScenarioReport {
  const per = new Map<string, { ran: number; failed: number; skipped: string[]; unselected: number }>();
  const unexplained: string[] = [];
  for (const t of tests) {
    const browser = browserOf(t.fullName);
    const entry = per.get(browser) ?? { ran: 0, failed: 0, skipped: [], unselected: 0 };
    per.set(browser, entry);
    const name = t.fullName.replace(/^(chromium|firefox): /, '');
    if (t.state === 'passed' || t.state === 'failed') {
      entry.ran += 1;
      if (t.state === 'failed') entry.failed += 1;
    } else if (t.note !== undefined && t.note.trim() !== '') {
      entry.skipped.push(`${name}: ${t.note}`);
    } else if (narrowed) {
      entry.unselected += 1;
    } else {
      entry.skipped.push(`${name}: NO REASON GIVEN`);
      unexplained.push(t.fullName);
    }
  }
  const lines: string[] = [];
  for (const [browser, e] of [...per].sort(([a], [b]) => a.localeCompare(b))) {
    const failed = e.failed > 0 ? ` (${e.failed} failed)` : '';
    const unselected = e.unselected > 0 ? `, ${e.unselected} not selected by -t` : '';
    lines.push(`[e2e] ${browser}: ${e.ran} scenarios ran${failed}, ${e.skipped.length} skipped${unselected}`);
    for (const s of e.skipped) lines.push(`[e2e]   skipped ${s}`);
  }
  return { lines, unexplained };
}
