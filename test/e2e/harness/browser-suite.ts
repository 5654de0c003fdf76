/**
 * One describe per browser, one browser and one fixture server per describe:
 * launched in beforeAll, always closed in afterAll (also after a failure),
 * with failure artifacts saved for every failing test.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, it, type TestContext } from 'vitest';
import { BROWSERS, type BrowserName, type ColorScheme, type Driver } from './driver';
import { launchDriver } from './launch-driver';
import { RESULTS_DIR, saveFailureArtifacts } from './artifacts';
import { startSessionServer, type SessionServer } from '../server/session-server';

export interface SuiteContext {
  readonly browser: BrowserName;
  /** Available inside tests and hooks (after beforeAll). */
  readonly driver: Driver;
  readonly server: SessionServer;
}

export function browserSuite(
  title: string,
  body: (ctx: SuiteContext) => void,
  options: { browsers?: readonly BrowserName[]; file?: string; launch?: { colorScheme?: ColorScheme } } = {},
): void {
  const file = basename(options.file ?? title);
  describe.each((options.browsers ?? BROWSERS).map((b) => [b]))('%s: ' + title, (browser: BrowserName) => {
    let driver: Driver | undefined;
    let server: SessionServer | undefined;
    const ctx: SuiteContext = {
      browser,
      get driver() {
        if (!driver) throw new Error(`${browser} did not launch`);
        return driver;
      },
      get server() {
        if (!server) throw new Error('the fixture server did not start');
        return server;
      },
    };

    let startedAt = 0;
    beforeAll(async () => {
      startedAt = Date.now();
      server = await startSessionServer();
      driver = await launchDriver(browser, server.sink.port, options.launch);
    }, 60_000);

    afterAll(async () => {
      const errors: unknown[] = [];
      await driver?.close().catch((err: unknown) => errors.push(err));
      await server?.close().catch((err: unknown) => errors.push(err));
      driver = undefined;
      server = undefined;
      // Wall time per browser, launch and close included; summed by the global teardown.
      await mkdir(RESULTS_DIR, { recursive: true });
      await appendFile(join(RESULTS_DIR, 'timings.jsonl'), `${JSON.stringify({ browser, file, ms: Date.now() - startedAt })}\n`);
      if (errors.length > 0) throw errors[0];
    }, 30_000);

    beforeEach(({ task, onTestFailed }) => {
      onTestFailed(async () => {
        await saveFailureArtifacts(driver, server, file, task.name);
      }, 30_000);
    });

    body(ctx);
  });
}

/** Why a scenario cannot run in a browser, for each browser where it does not. */
export type SkipReasons = Partial<Record<BrowserName, string>>;

/**
 * `it` in every browser but those `skip` names: there the scenario is still
 * registered, and reported as skipped with its reason (the global teardown
 * lists each skip and fails the run on one without a reason).
 *
 *   itExcept(ctx.browser, { firefox: 'Firefox has no per-tab color-scheme emulation' })('...', async () => {...});
 */
export function itExcept(
  browser: BrowserName,
  skip: SkipReasons,
): (name: string, fn: (context: TestContext) => Promise<void> | void, timeout?: number) => void {
  const reason = skip[browser];
  if (reason !== undefined && reason.trim() === '') throw new Error(`itExcept: a skip in ${browser} needs a reason`);
  return (name, fn, timeout) => {
    if (reason === undefined) it(name, fn, timeout);
    else it(name, (context) => context.skip(reason));
  };
}
