/**
 * `npm start` as a newcomer runs it, minus the window: the real script in a
 * child process, the real demo site and a real headless Chromium, stopped
 * with Ctrl-C (SIGINT) or SIGTERM like a person or a process manager would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/demo/find-browser.mjs';
import { groupMentioning, processesInGroup, processesMentioning } from '../../scripts/demo/owned-processes.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const START = join(ROOT, 'scripts', 'start.mjs');

interface Run {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  waitFor(pattern: RegExp, timeout: number): Promise<RegExpMatchArray>;
  exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const runs: Run[] = [];

function start(args: string[]): Run {
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const run: Run = {
    child,
    output: () => text,
    async waitFor(pattern, timeout) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`no ${pattern} in the output of start.mjs ${args.join(' ')} (exit code ${child.exitCode}):\n${text}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    exit: () => exited,
  };
  runs.push(run);
  return run;
}

afterEach(async () => {
  // A failed test must not leave a demo behind: stop it the way a person would.
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGTERM');
      await run.exit();
    }
  }
});

const chromium = findBrowser('chromium');

describe('npm start', () => {
  it.skipIf(!chromium)(
    'opens the demo in headless Chromium, proves the popup shows a login, and Ctrl-C stops everything',
    async () => {
      const run = start(['--headless']);
      await run.waitFor(/^Ready: /m, 25_000);
      const out = run.output();
      const site = /^\s+site\s+(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
      const profile = /^\s+profile\s+(\S+)/m.exec(out)?.[1];
      expect(site, out).toBeDefined();
      expect(profile, out).toBeDefined();
      expect(out).toMatch(/^\s+extension\s+chrome-extension:\/\/[a-p]{32}\/ from dist\/chrome-demo/m);
      expect(out).toMatch(/^\s+settings\s+written to storage\.sync/m);
      expect(out).toMatch(
        /^\s+check\s+OK: pressed "Log in" on the demo page; the popup shows 1 row for 127\.0\.0\.1 \(sessionid[^:]*: Active, [45]:\d\d left\)$/m,
      );

      const page = await fetch(site ?? '');
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Session Watch demo site');
      expect(processesMentioning(profile ?? '').length).toBeGreaterThan(0);
      // The browser leads a process group of its own; its helpers stay in it.
      const group = groupMentioning(profile ?? '');
      expect(group).not.toBeNull();
      expect(processesInGroup(group ?? 0).length).toBeGreaterThan(1);

      run.child.kill('SIGINT');
      expect(await run.exit()).toEqual({ code: 0, signal: null });
      expect(run.output()).toMatch(/Ctrl-C: stopping the browser and the demo site\./);
      expect(processesMentioning(profile ?? '')).toEqual([]);
      expect(processesInGroup(group ?? 0)).toEqual([]);
      expect(existsSync(profile ?? '')).toBe(false);
      await expect(fetch(site ?? '')).rejects.toThrow();
    },
    30_000,
  );

  it('without a browser, says how to load the extension by hand and keeps the demo site up until SIGTERM', async () => {
    const run = start(['--skip-build', '--browser=/nonexistent/chromium']);
    await run.waitFor(/^Ready: the demo site runs at /m, 10_000);
    const out = run.output();
    expect(out).toMatch(/browser\s+none found \(\/nonexistent\/chromium\)/);
    expect(out).toContain('Click "Load unpacked" and choose');
    expect(out).toContain(join(ROOT, 'dist', 'chrome'));
    expect(out).toContain(join(ROOT, 'dist', 'firefox', 'manifest.json'));
    const site = /^\s+site\s+(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1] ?? '';
    expect(out).toContain(`Open ${site}`);
    expect((await fetch(site)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exit()).toEqual({ code: 0, signal: null });
    await expect(fetch(site)).rejects.toThrow();
  }, 15_000);

  it('without a browser, --exit-after-check fails instead of pretending', async () => {
    const run = start(['--skip-build', '--browser=/nonexistent/chromium', '--exit-after-check']);
    expect(await run.exit()).toEqual({ code: 1, signal: null });
    expect(run.output()).toContain('No browser to check with.');
  }, 15_000);
});
