/**
 * The order of the e2e files: the smoke file first (if the harness cannot
 * start a browser, that is the failure to read), then the rest by path, the
 * same on every run. Vitest's own order puts the slowest file of the last run
 * first, which is no order to read a report by.
 */
import type { TestSequencer, TestSpecification } from 'vitest/node';

/** smokeFirst(['b.e2e.ts', 'smoke.e2e.ts', 'a.e2e.ts']) -> ['smoke.e2e.ts', 'a.e2e.ts', 'b.e2e.ts'] */
export function smokeFirst(paths: readonly string[]): string[] {
  const isSmoke = (p: string) => /(^|\/)smoke\.e2e\.ts$/.test(p);
  return [...paths].sort((a, b) => Number(isSmoke(b)) - Number(isSmoke(a)) || a.localeCompare(b));
}

export default class SmokeFirstSequencer implements TestSequencer {
  shard(files: TestSpecification[]): TestSpecification[] {
    return files;
  }

  sort(files: TestSpecification[]): TestSpecification[] {
    const order = smokeFirst(files.map((f) => f.moduleId));
    return [...files].sort((a, b) => order.indexOf(a.moduleId) - order.indexOf(b.moduleId));
  }
}
