#!/usr/bin/env node
// `npm start`: builds the demo flavour of the extension (host access to
// 127.0.0.1 granted up front), starts the demo site on 127.0.0.1 and opens
// it in Chromium (or Firefox ESR) with Session Watch loaded and already
// watching the site. Ctrl-C stops the browser and the site and removes the
// browser's throw-away profile.
//
//   node scripts/start.mjs                       Chromium, in a window
//   node scripts/start.mjs --firefox             Firefox ESR instead
//   node scripts/start.mjs --headless            no window; logs in once and reads the popup to prove it works
//   node scripts/start.mjs --headless --exit-after-check   the same, then stops (exit 0 when the check passed)
//   node scripts/start.mjs --browser=/path/to/chromium     that browser binary
//   node scripts/start.mjs --port=8000           the demo site on that port (default: a free one)
//   node scripts/start.mjs --skip-build          use dist/*-demo as it is
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromiumDemo } from './demo/chromium-demo.mjs';
import { startDemoServer } from './demo/demo-server.mjs';
import { DEMO_SETTINGS, DEMO_SETTINGS_KEY } from './demo/demo-settings.mjs';
import { findBrowser } from './demo/find-browser.mjs';
import { launchFirefoxDemo } from './demo/firefox-demo.mjs';
import { manualSteps } from './demo/manual-steps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `Usage: npm start [-- options]

  --firefox            use Firefox ESR instead of Chromium
  --headless           no window: log in once, read the popup, print what it shows
  --exit-after-check   with --headless: stop after the check (exit 0 when it passed)
  --browser=PATH       the browser binary to start
  --port=N             the demo site's port (default: a free one)
  --skip-build         use dist/chrome-demo and dist/firefox-demo as they are
  --help               this text
`;

/** @type {{ firefox: boolean; headless: boolean; 'exit-after-check': boolean; browser?: string; port?: string; 'skip-build': boolean; help: boolean }} */
let args;
try {
  args = parseArgs({
    options: {
      firefox: { type: 'boolean', default: false },
      headless: { type: 'boolean', default: false },
      'exit-after-check': { type: 'boolean', default: false },
      browser: { type: 'string' },
      port: { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  console.error(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const kind = args.firefox ? 'firefox' : 'chromium';
const label = kind === 'firefox' ? 'Firefox' : 'Chromium';
const exitAfterCheck = args['exit-after-check'];
let headless = args.headless || exitAfterCheck;
const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port wants a port number, not "${args.port}"`);
  process.exit(2);
}

const say = (line = '') => console.log(line);
const field = (/** @type {string} */ name, /** @type {string} */ value) => say(`  ${name.padEnd(10)} ${value}`);

/** @typedef {Awaited<ReturnType<typeof launchChromiumDemo | typeof launchFirefoxDemo>>} DemoBrowser */
// Everything the demo started, so that a signal at any moment stops all of it.
/** @type {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, null> | null} */
let building = null;
/** @type {import('./demo/demo-server.mjs').DemoServer | null} */
let server = null;
/** @type {Promise<DemoBrowser> | null} */
let launching = null;
/** @type {Promise<void> | null} */
let stopping = null;

/**
 * @param {number} code the exit code
 * @param {string} [why] said first
 */
function stop(code, why) {
  stopping ??= (async () => {
    if (why) say(why);
    building?.kill('SIGTERM');
    const started = await launching?.catch(() => null);
    await started?.close().catch((/** @type {Error} */ err) => console.error(`closing the browser: ${err.message}`));
    await server?.close().catch((/** @type {Error} */ err) => console.error(`closing the demo site: ${err.message}`));
    process.exit(code);
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stop(0, `\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the browser and the demo site.`).catch((err) => console.error(err));
  });
}

/** @returns {Promise<string[]>} the folders built */
function buildDemo() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'build.mjs'), '--demo'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    building = child;
    let out = '';
    child.stdout.on('data', (/** @type {Buffer} */ chunk) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      building = null;
      if (code === 0) resolve(out.trim().split('\n').filter(Boolean));
      else reject(Object.assign(new Error(`node build.mjs --demo failed (${signal ?? `exit code ${code}`})`), { brief: true }));
    });
  });
}

/** @param {string} demoUrl */
function byHand(demoUrl) {
  say();
  say(
    manualSteps({
      chrome: join(root, 'dist', 'chrome'),
      firefox: join(root, 'dist', 'firefox', 'manifest.json'),
      demoUrl,
    }),
  );
}

async function main() {
  if (!args['skip-build']) {
    const built = await buildDemo();
    say(built.join(', '));
  }
  if (stopping) return;

  const site = await startDemoServer({ port, log: (line) => say(line) });
  server = site;
  say();
  say('Session Watch demo');
  field('site', site.url);

  const executablePath = findBrowser(kind, { explicit: args.browser ?? null });
  if (!executablePath) {
    field(
      'browser',
      `none found (${args.browser ?? (kind === 'firefox' ? '/usr/bin/firefox-esr, firefox-esr or firefox on PATH' : '/usr/bin/chromium, chromium or google-chrome on PATH')})`,
    );
    byHand(site.url);
    if (exitAfterCheck) return stop(1, 'No browser to check with.');
    say(`Ready: the demo site runs at ${site.url} until Ctrl-C.`);
    return;
  }

  if (!headless && process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('  (no display: DISPLAY and WAYLAND_DISPLAY are unset, so the browser starts without a window)');
    headless = true;
  }

  const extensionDir = join(root, 'dist', kind === 'firefox' ? 'firefox-demo' : 'chrome-demo');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    console.error(`${relative(root, extensionDir)} is not built: run \`node build.mjs --demo\`, or leave out --skip-build.`);
    return stop(1);
  }
  const launch = kind === 'firefox' ? launchFirefoxDemo : launchChromiumDemo;
  launching = launch({
    executablePath,
    extensionDir,
    headless,
    settings: DEMO_SETTINGS,
    settingsKey: DEMO_SETTINGS_KEY,
    note: (line) => say(`  (${line})`),
  });
  /** @type {DemoBrowser} */
  let browser;
  try {
    browser = await launching;
  } catch (err) {
    launching = null;
    if (stopping) return;
    field(
      'browser',
      `${executablePath} did not start with the extension: ${String(err instanceof Error ? err.message : err).split('\n')[0]}`,
    );
    byHand(site.url);
    if (exitAfterCheck) return stop(1, 'No browser to check with.');
    say(`Ready: the demo site runs at ${site.url} until Ctrl-C.`);
    return;
  }
  if (stopping) return;

  field('browser', `${browser.name} (${executablePath})${headless ? ', headless' : ''}`);
  field('profile', `${browser.profileDir} (throw-away; removed on exit)`);
  field(
    'extension',
    `${browser.origin}/ from ${relative(root, extensionDir)}${kind === 'firefox' ? ` (add-on id ${browser.extensionId})` : ` (id ${browser.extensionId})`}`,
  );
  field(
    'settings',
    `written to storage.sync "${DEMO_SETTINGS_KEY}": watching 127.0.0.1, warnings ${DEMO_SETTINGS.leadMinutes} minutes ahead`,
  );
  field('popup', `${browser.popupUrl}  (or click the toolbar icon; pin it from the Extensions menu)`);

  site.setExtension({ browser: browser.name, popupUrl: browser.popupUrl });
  browser.onClosed(() => {
    stop(0, `${label} was closed: stopping the demo site.`).catch((err) => console.error(err));
  });
  await browser.showDemo(site.url);
  if (stopping) return;

  if (headless) {
    try {
      const { rows, row } = await browser.check();
      const cells = row.cells;
      field(
        'check',
        `OK: pressed "Log in" on the demo page; the popup shows ${rows.length} row${rows.length === 1 ? '' : 's'} for 127.0.0.1 ` +
          `(${cells.Cookie ?? 'sessionid'}: ${cells.Status ?? '?'}, ${cells.Remaining ?? '?'} left)`,
      );
    } catch (err) {
      if (stopping) return;
      field('check', `FAILED: ${err instanceof Error ? err.message : String(err)}`);
      return stop(1);
    }
    if (exitAfterCheck) return stop(0, 'Check passed; stopping.');
  }
  say(
    headless
      ? `Ready: ${label} runs headless with the demo at ${site.url}; Ctrl-C stops everything.`
      : `Ready: the demo is open in ${label}. Ctrl-C here stops everything.`,
  );
}

main().catch((/** @type {Error & { brief?: boolean }} */ err) => {
  // The build has said what went wrong already; anything else deserves its stack.
  console.error(err.brief ? err.message : (err.stack ?? err.message));
  stop(1).catch((e) => console.error(e));
});
