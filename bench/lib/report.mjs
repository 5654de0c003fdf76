/** The verdict of each figure against its budget, and the table printed at the end. */

/** @typedef {import('./stats.mjs').Summary} Summary */
/** @typedef {Awaited<ReturnType<typeof import('../scenarios/events.mjs').runEvents>>} EventsRun */
/** @typedef {Awaited<ReturnType<typeof import('../scenarios/requests.mjs').runRequests>>} RequestsRun */
/** @typedef {Awaited<ReturnType<typeof import('../scenarios/pages.mjs').runPages>>} PagesRun */
/** @typedef {{ floorUs: Summary; subjectUs: Summary; ratio: Summary }} EventsFigure */
/**
 * Everything one run measured, as written to bench/results/*.json.
 * @typedef {object} BenchResults
 * @property {string} startedAt
 * @property {Record<string, number>} plan
 * @property {Record<string, unknown>} environment
 * @property {Awaited<ReturnType<typeof import('../scenarios/size.mjs').measureSize>>} [size]
 * @property {PagesRun} [pages]
 * @property {{ floor: EventsRun[]; subject: EventsRun[]; unwatched?: EventsFigure; watched?: EventsFigure }} [events]
 * @property {{ bursts: RequestsRun; unwatched: EventsFigure; watched: EventsFigure }} [requests]
 * @property {Awaited<ReturnType<typeof import('../scenarios/idle.mjs').runIdle>>} [idle]
 * @property {Awaited<ReturnType<typeof import('../scenarios/firefox.mjs').runFirefox>>} [firefox]
 * @property {{ pages: PagesRun; events: EventsRun; requests: RequestsRun }} [diagnostics]
 * @property {number[]} [loadAverageAtEnd]
 * @property {number} [seconds]
 * @property {Row[]} [verdicts]
 */
/**
 * One line of the table; `value` is the ratio a budget row was judged on.
 * @typedef {{ id: string; figure: string; measured: string; floor: string; ratio: string; budget: string; verdict: string; value?: number }} Row
 */

/** @typedef {(n: number) => string} Format */
/** @type {Format} */
const x = (n) => `${n.toFixed(2)}x`;
/** @type {(s: Summary, f: Format) => string} */
const range = (s, f) => `${f(s.median)} [${f(s.min)}–${f(s.max)}]`;
/** @type {Format} */
const ms = (n) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
/** @type {Format} */
const us = (n) => `${n.toFixed(0)} µs`;
/** @type {Format} */
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
/** @type {Format} */
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
/** @type {Format} */
const msPerS = (n) => `${n.toFixed(2)} ms/s`;

/**
 * @param {string} id
 * @param {string} figure
 * @param {string} measured
 * @param {string} floor
 * @param {Summary} ratio
 * @param {number} limit
 * @returns {Row}
 */
function budgetRow(id, figure, measured, floor, ratio, limit, strict = false) {
  const pass = strict ? ratio.median < limit : ratio.median <= limit;
  return {
    id,
    figure,
    measured,
    floor,
    ratio: range(ratio, x),
    budget: `${strict ? '<' : '≤'} ${limit}x`,
    verdict: pass ? 'PASS' : 'FAIL',
    value: ratio.median,
  };
}

/**
 * The worker's CPU per cookie change against an empty listener's, judged on their ratio.
 * @param {string} id
 * @param {string} figure
 * @param {EventsFigure} change
 * @param {number} limit
 * @param {boolean} [strict]
 * @returns {Row}
 */
function changeRow(id, figure, change, limit, strict = false) {
  return budgetRow(id, figure, range(change.subjectUs, us), `empty listener ${range(change.floorUs, us)}`, change.ratio, limit, strict);
}

/**
 * The reference page for popup ready (bench/pages/rows-same.js) against the floor, and the popup against it.
 * @param {string} prefix
 * @param {string} browser
 * @param {{ ms: Summary; ratio: Summary; popupRatio: Summary }} same
 * @param {string} floor
 * @returns {Row[]}
 */
function sameRows(prefix, browser, same, floor) {
  return [
    {
      id: `${prefix}-ready-same-page`,
      figure: `${browser}the popup's own first screen, built from one key by plain DOM (reference, no product code)`,
      measured: range(same.ms, ms),
      floor,
      ratio: range(same.ratio, x),
      budget: '(report)',
      verdict: 'info',
    },
    {
      id: `${prefix}-popup-vs-same-page`,
      figure: `${browser}popup ready against that reference page, load by load`,
      measured: '',
      floor: `the reference ${range(same.ms, ms)}`,
      ratio: range(same.popupRatio, x),
      budget: '(report)',
      verdict: 'info',
    },
  ];
}

/**
 * @param {BenchResults} r
 * @returns {Row[]}
 */
export function verdicts(r) {
  /** @type {Row[]} */
  const rows = [];
  const p = r.pages;
  if (p) {
    rows.push(
      budgetRow(
        '1-popup-ready',
        `Popup ready, ${p.popupReady.rowsAtReady} session rows of 200 cookies`,
        range(p.popupReady.subjectMs, ms),
        `one key, 50 plain rows ${range(p.popupReady.floorMs, ms)}`,
        p.popupReady.ratio,
        1.2,
      ),
    );
    if (p.popupReady.same) rows.push(...sameRows('1', '', p.popupReady.same, `one key, 50 plain rows ${range(p.popupReady.floorMs, ms)}`));
    rows.push(
      budgetRow(
        '2-live-tick',
        `Live tick, ${p.tick.last?.popup.rows} rows listed (${p.tick.last?.popup.ticking} on screen tick); script+layout+style`,
        range(p.tick.subjectMsPerS, msPerS),
        `one countdown ${range(p.tick.floorMsPerS, msPerS)}`,
        p.tick.ratio,
        1.5,
      ),
    );
    rows.push({
      id: '2-tick-plain-many',
      figure: `Live tick, the same ${p.tick.last?.popup.ticking} countdowns on a plain page (reference, no product code)`,
      measured: range(p.tick.plainMsPerS, msPerS),
      floor: `one countdown ${range(p.tick.floorMsPerS, msPerS)}`,
      ratio: range(p.tick.plainRatio, x),
      budget: '(report)',
      verdict: 'info',
    });
    rows.push({
      id: '2-tick-thread-cpu',
      figure: 'Live tick, all main-thread CPU (paint, compositing inputs included)',
      measured: range(p.tick.subjectThreadCpuMsPerS, msPerS),
      floor: `one countdown ${range(p.tick.floorThreadCpuMsPerS, msPerS)}`,
      ratio: range(p.tick.threadCpuRatio, x),
      budget: '(report)',
      verdict: 'info',
    });
  }
  const e = r.events;
  if (e?.unwatched && e.watched) {
    rows.push(
      changeRow('3-unwatched-change', 'Worker CPU per unwatched cookie change', e.unwatched, 1.3),
      changeRow('4-watched-change', 'Worker CPU per watched cookie change (stored)', e.watched, 3, true),
    );
  }
  if (r.idle) {
    const timers = r.idle.setTimeoutCalls + r.idle.setIntervalCalls;
    rows.push({
      id: '5-idle',
      figure: 'Idle hour, 3 sessions (5 min, 40 min, 3 h), no popup',
      measured: `${r.idle.wakeCount} wakes (${r.idle.wakes.map((w) => `${w.atMin}m ${w.alarms.join('+')}`).join(', ')}); ${timers} timers`,
      floor: 'what is due: 4 (warn+end of the 5 and 40 min sessions)',
      ratio: `${r.idle.undueWakes} undue`,
      budget: 'alarms only, none undue',
      verdict: r.idle.undueWakes === 0 && timers === 0 ? 'PASS' : 'FAIL',
    });
  }
  if (r.size) {
    rows.push({
      id: '6-popup-js',
      figure: 'Popup JavaScript, gzipped',
      measured: kb(r.size.popupJsGzip),
      floor: `${kb(r.size.popupJsRaw)} raw`,
      ratio: '',
      budget: '≤ 25 KB',
      verdict: r.size.popupJsGzip <= 25_000 ? 'PASS' : 'FAIL',
    });
    rows.push({
      id: '6-extension-size',
      figure: `Whole extension (${r.size.extension.files} files)`,
      measured: `${kb(r.size.extension.zip)} zipped`,
      floor: `${kb(r.size.extension.raw)} raw`,
      ratio: '',
      budget: '(report)',
      verdict: 'info',
    });
  }
  if (p) {
    rows.push({
      id: '6-popup-heap',
      figure: `Popup JS heap, ${p.heap.popup500.rows} rows`,
      measured: mb(p.heap.popup500.bytes),
      floor: `blank page ${mb(p.heap.blank.bytes)}`,
      ratio: x(p.heap.popup500.bytes / p.heap.blank.bytes),
      budget: '(report)',
      verdict: 'info',
    });
    rows.push({
      id: '6-worker-heap',
      figure: 'Worker JS heap, 1,000 watched cookies',
      measured: mb(p.heap.worker1000),
      floor: `same worker, none ${mb(p.heap.workerEmpty)}`,
      ratio: x(p.heap.worker1000 / p.heap.workerEmpty),
      budget: '(report)',
      verdict: 'info',
    });
    const s = p.scale;
    rows.push(
      budgetRow(
        '7-scale-ready',
        `Popup ready, 5,000 cookies on ${s.watchedDomains} watched sites (${s.ready.rowsAtReady} rows listed)`,
        range(s.ready.subjectMs, ms),
        `one key, 50 plain rows ${range(s.ready.floorMs, ms)}`,
        s.ready.ratio,
        1.2,
      ),
    );
    // Each figure is a ratio to the floor in its own pairs, so the machine's load at either moment cancels.
    const growth = s.ready.ratio.median / p.popupReady.ratio.median;
    rows.push({
      id: '7-scale-growth',
      figure: 'Popup ready, 5,000 cookies against 200 (ratio of the two ratios to the floor)',
      measured: '',
      floor: 'figure 1',
      ratio: x(growth),
      budget: '≤ 1.1x',
      verdict: growth <= 1.1 ? 'PASS' : 'FAIL',
      value: growth,
    });
    const resp = s.responsiveness;
    const filter = resp.filter
      ? resp.filter.paintedMs === null
        ? `filter: table did not narrow to 10 rows (${resp.filter.rows})`
        : `filter "${resp.filter.query}": last key → painted ${ms(resp.filter.paintedMs)} (longest task ${ms(resp.filter.longestTaskMs)})`
      : 'no filter box (gap)';
    rows.push({
      id: '7-scale-responsive',
      figure: 'Scale: popup responsiveness',
      measured: `${filter}; record update → painted ${resp.recordUpdateMs.map((v) => v.toFixed(0)).join('/')} ms; "Show all" off → painted ${ms(resp.toggleMs)}; longest task at open ${ms(s.ready.longestTaskMs.median)}`,
      floor: `tick ${msPerS(s.tick.msPerS)} (layout ${msPerS(s.tick.layoutMsPerS)})`,
      ratio: '',
      budget: '(report)',
      verdict: resp.hasFilterBox ? 'info' : 'gap',
    });
  }
  const q = r.requests;
  if (q) {
    rows.push(
      budgetRow(
        '8-watched-request',
        'Request to a watched site, worker CPU per request',
        range(q.watched.subjectUs, us),
        `empty listeners ${range(q.watched.floorUs, us)}`,
        q.watched.ratio,
        1.3,
      ),
    );
    rows.push(
      budgetRow(
        '8-unwatched-request',
        'Request to an unwatched site (host access granted), worker CPU per request',
        range(q.unwatched.subjectUs, us),
        `empty listeners ${range(q.unwatched.floorUs, us)}`,
        q.unwatched.ratio,
        1.3,
      ),
    );
  }
  const f = r.firefox;
  if (f) {
    const floorPage = f.floorPage;
    rows.push(
      budgetRow(
        '9-firefox-popup-ready',
        `Firefox: popup ready, ${f.popup.small.rowsAtReady} session rows of 200 cookies`,
        range(f.popup.small.subjectMs, ms),
        `${floorPage} ${range(f.popup.small.floorMs, ms)}`,
        f.popup.small.ratio,
        1.2,
      ),
    );
    if (f.popup.small.same)
      rows.push(...sameRows('9-firefox', 'Firefox: ', f.popup.small.same, `${floorPage} ${range(f.popup.small.floorMs, ms)}`));
    rows.push(
      budgetRow(
        '9-firefox-popup-ready-5000',
        `Firefox: popup ready, ${f.popup.large.rowsAtReady} rows of 5,000 records on 500 sites`,
        range(f.popup.large.subjectMs, ms),
        `${floorPage} ${range(f.popup.large.floorMs, ms)}`,
        f.popup.large.ratio,
        1.2,
      ),
    );
    rows.push(
      budgetRow(
        '9-firefox-flat',
        'Firefox: popup ready with 5,000 records against with 200 cookies',
        range(f.popup.large.subjectMs, ms),
        `200 cookies ${range(f.popup.small.subjectMs, ms)}`,
        f.popup.scale,
        1.1,
      ),
    );
    const mb = (/** @type {number} */ bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
    rows.push({
      id: '9-firefox-js-heap',
      figure: `Firefox: JS heap of the popup with ${f.memory.popupRows} rows; of the background page with 1,000 watched cookies`,
      measured: `${mb(f.memory.heap.popupBytes)}; ${mb(f.memory.heap.backgroundBytes)}`,
      floor: `the background page, none ${mb(f.memory.heap.backgroundEmptyBytes)}`,
      ratio: '',
      budget: '(report)',
      verdict: 'info',
    });
    rows.push({
      id: '9-firefox-memory',
      figure: `Firefox: memory of the add-on's process (PSS)`,
      measured: `popup with ${f.memory.popupRows} rows ${signedMb(f.memory.popupKb)}; background with 1,000 watched cookies ${signedMb(f.memory.workerKb)}`,
      floor: 'the same process without them',
      ratio: '',
      budget: '(report)',
      verdict: 'info',
    });
    rows.push(changeRow('9-firefox-unwatched-change', 'Firefox: unwatched cookie change, add-on thread CPU per change', f.unwatched, 1.3));
  }
  return rows;
}

/** signedMb(14800) -> "+14.8 MB"; signedMb(-900) -> "−0.9 MB" */
const signedMb = (/** @type {number} */ kb) => `${kb < 0 ? '\u2212' : '+'}${(Math.abs(kb) / 1000).toFixed(1)} MB`;

/** @param {Row[]} rows */
export function table(rows) {
  const head = {
    id: 'id',
    figure: 'figure',
    measured: 'measured median [min–max]',
    floor: 'floor (same run)',
    ratio: 'ratio median [min–max]',
    budget: 'budget',
    verdict: 'verdict',
  };
  const cols = /** @type {(keyof typeof head)[]} */ (Object.keys(head));
  const all = [head, ...rows];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...all.map((r) => String(r[c]).length))]));
  const line = (/** @type {Row} */ r) =>
    cols
      .map((c) => String(r[c]).padEnd(width[c] ?? 0))
      .join(' | ')
      .trimEnd();
  return [line(head), cols.map((c) => '-'.repeat(width[c] ?? 0)).join('-|-'), ...rows.map(line)].join('\n');
}
