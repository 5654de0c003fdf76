/**
 * What the popup-ready figures of both browsers share (scenarios/pages.mjs for
 * Chromium, scenarios/firefox.mjs for Firefox): the rows a first screen lists,
 * the check of the rows each load listed, loads taking turns, and the
 * figures of the popup and the reference page against the floor.
 */
import { summary } from './stats.mjs';

/** The rows of the popup's first screen, and of the floor and reference pages. */
export const FIRST_ROWS = 50;

/**
 * Stops the run when a page listed other than the rows it must: a floor or a
 * reference with too few rows would make every ratio to it look better.
 * @param {string} path
 * @param {number} listed
 * @param {[number, number]} rows the least and most rows it may list
 */
export function expectRows(path, listed, [min, max]) {
  if (listed < min || listed > max)
    throw new Error(`${path} listed ${listed} rows when ready, expected ${min === max ? min : `${min}-${max}`}`);
}

/**
 * Runs every load `reps` times, one of each per repetition, the first of each
 * repetition turning, so no page always follows another's teardown.
 * inTurns([a, b], 2) runs a, b, then b, a.
 * @template T
 * @param {(() => Promise<T>)[]} loads
 * @param {number} reps
 * @returns {Promise<T[][]>} the results of each load, in the order of `loads`
 */
export async function inTurns(loads, reps) {
  const results = loads.map(() => /** @type {T[]} */ ([]));
  for (let i = 0; i < reps; i += 1) {
    for (let k = 0; k < loads.length; k += 1) {
      const at = (i + k) % loads.length;
      const load = loads[at];
      const out = results[at];
      if (!load || !out) throw new Error(`no load ${at}`);
      out.push(await load());
    }
  }
  return results;
}

/**
 * The popup against the floor, repetition by repetition, and with the
 * reference page's times the reference against the floor and the popup
 * against the reference.
 * @param {number[]} floor the floor page's ready times
 * @param {number[]} popup the popup's
 * @param {number[] | null} same the reference page's, when it was loaded
 */
export function readyFigures(floor, popup, same) {
  /** @type {(a: number[], b: number[]) => number[]} */
  const over = (a, b) => a.map((ms, i) => ms / (b[i] ?? NaN));
  return {
    floorMs: summary(floor),
    subjectMs: summary(popup),
    ratio: summary(over(popup, floor)),
    ...(same ? { same: { ms: summary(same), ratio: summary(over(same, floor)), popupRatio: summary(over(popup, same)) } } : {}),
  };
}
