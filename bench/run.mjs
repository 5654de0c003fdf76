#!/usr/bin/env node
// `npm run bench`: builds the extension, measures it in headless Chromium
// and Firefox ESR against floors measured in the same run, prints a table, writes
// bench/results/<time>.json, and exits 1 when a budget is missed.
//
//   node bench/run.mjs              everything (about 4 minutes on 2 cores)
//   node bench/run.mjs --quick      fewer repetitions, for trying things out
//   node bench/run.mjs --only=pages,events,requests,idle,size,firefox
//   node bench/run.mjs --profile    also profile the popup's load and a watched burst
//                                   (unminified build), into the JSON's "diagnostics"
//   node bench/run.mjs --no-build   reuse dist/chrome as it is
//
// See bench/README-performance.md for what each figure measures.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildExtensions } from './lib/build.mjs';
import { BENCH, ROOT } from './lib/paths.mjs';
import { unminify } from './lib/profile.mjs';
import { table, verdicts } from './lib/report.mjs';
import { summary } from './lib/stats.mjs';
import { runEvents } from './scenarios/events.mjs';
import { runFirefox } from './scenarios/firefox.mjs';
import { runIdle } from './scenarios/idle.mjs';
import { runPages } from './scenarios/pages.mjs';
import { runRequests } from './scenarios/requests.mjs';
import { measureSize } from './scenarios/size.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const only = new Set((args.only ?? 'size,pages,events,requests,idle,firefox').split(','));
// Popup-ready ratios spread over 0.6x-2.6x of the floor within one run: 15 loads of each page
// (11 and 9 before) for medians that move less from one run to the next.
const plan = args.quick
  ? { reps: 3, tickReps: 2, tickSeconds: 3, scaleReps: 3, eventPairs: 1, requestRounds: 2, firefoxReps: 3, firefoxChanges: 1_000 }
  : { reps: 15, tickReps: 6, tickSeconds: 5, scaleReps: 11, eventPairs: 3, requestRounds: 5, firefoxReps: 15, firefoxChanges: 4_000 };
const EVENTS = { unwatchedEvents: 20_000, watchedEvents: 4_000 };
const REQUESTS = { requests: 2_000 };

const started = Date.now();
const log = (/** @type {string} */ msg) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

/** @param {string[]} cmd */
function git(...cmd) {
  try {
    return execFileSync('git', cmd, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  log(args['no-build'] ? 'copying dist/chrome' : 'building (node build.mjs)');
  const dirs = await buildExtensions({ skipProductBuild: args['no-build'] });
  /** @type {import('./lib/report.mjs').BenchResults} */
  const results = {
    startedAt: new Date(started).toISOString(),
    plan: { ...plan, ...EVENTS, ...REQUESTS },
    environment: {
      node: process.version,
      cpus: cpus().length,
      loadAverageAtStart: loadavg(),
      commit: git('rev-parse', 'HEAD'),
      uncommittedChanges: (git('status', '--porcelain', 'src') ?? '').split('\n').filter(Boolean).length,
      chromium: execFileSync(process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium', ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    },
  };

  if (only.has('size')) {
    log('size');
    results.size = await measureSize(dirs.dist);
  }
  if (only.has('pages')) {
    log('popup ready, live tick, heaps, scale (one browser run)');
    results.pages = await runPages(dirs.subject, { ...plan, profile: false });
  }
  if (only.has('events')) {
    /** @type {NonNullable<typeof results.events>} */
    const events = { floor: [], subject: [] };
    results.events = events;
    for (let i = 0; i < plan.eventPairs; i += 1) {
      log(`cookie changes, floor extension, run ${i + 1}/${plan.eventPairs}`);
      events.floor.push(await runEvents(dirs.floor, 'floor', EVENTS));
      log(`cookie changes, product, run ${i + 1}/${plan.eventPairs}`);
      events.subject.push(await runEvents(dirs.subject, 'subject', EVENTS));
    }
    for (const kind of /** @type {const} */ (['unwatched', 'watched'])) {
      const ratios = events.subject.map((s, i) => s[kind].perChangeUs / (events.floor[i]?.[kind].perChangeUs ?? NaN));
      events[kind] = {
        floorUs: summary(events.floor.map((f) => f[kind].perChangeUs)),
        subjectUs: summary(events.subject.map((s) => s[kind].perChangeUs)),
        ratio: summary(ratios),
      };
    }
  }
  if (only.has('requests')) {
    log(`requests, product and floor extension in one browser, ${plan.requestRounds} rounds`);
    const bursts = await runRequests(dirs.subject, dirs.floor, { ...REQUESTS, rounds: plan.requestRounds });
    /** @type {(runs: typeof bursts.watched) => import('./lib/report.mjs').EventsFigure} */
    const figure = (runs) => ({
      floorUs: summary(runs.map((r) => r.floor.perRequestUs)),
      subjectUs: summary(runs.map((r) => r.subject.perRequestUs)),
      ratio: summary(runs.map((r) => r.ratio)),
    });
    results.requests = { bursts, unwatched: figure(bursts.unwatched), watched: figure(bursts.watched) };
  }
  if (only.has('idle')) {
    log('idle hour');
    results.idle = await runIdle(dirs.subject);
  }
  if (only.has('firefox')) {
    log('Firefox ESR: popup ready (200 cookies, 5,000 records), unwatched cookie changes');
    results.firefox = await runFirefox(dirs, { reps: plan.firefoxReps, eventPairs: plan.eventPairs, firefoxChanges: plan.firefoxChanges });
  }
  if (args.profile) {
    log('diagnostics: profiles with an unminified build');
    await unminify(dirs.subject);
    results.diagnostics = {
      pages: await runPages(dirs.subject, { reps: 1, tickReps: 1, tickSeconds: 2, scaleReps: 1, profile: true }),
      events: await runEvents(dirs.subject, 'subject', { ...EVENTS, profile: true }),
      requests: await runRequests(dirs.subject, dirs.floor, { ...REQUESTS, rounds: 1, profile: true }),
    };
  }
  results.loadAverageAtEnd = loadavg();
  results.seconds = Math.round((Date.now() - started) / 1000);

  const rows = verdicts(results);
  results.verdicts = rows;
  await mkdir(join(BENCH, 'results'), { recursive: true });
  const file = join(BENCH, 'results', `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(table(rows));
  console.log(`\n${results.seconds} s; results in ${file.slice(ROOT.length + 1)}`);
  const missed = rows.filter((r) => r.verdict === 'FAIL');
  if (missed.length > 0) {
    console.log(`budgets missed: ${missed.map((r) => r.id).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 2;
});
