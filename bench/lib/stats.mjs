/**
 * median([3, 1, 2]) -> 2; the mean of the middle two for an even count; NaN for none.
 * @param {readonly number[]} values
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const at = (/** @type {number} */ i) => sorted[i] ?? NaN;
  return sorted.length % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
}

/** @typedef {{ median: number; min: number; max: number; n: number }} Summary */

/**
 * {median, min, max, n} of a list of numbers.
 * @param {readonly number[]} values
 * @returns {Summary}
 */
export function summary(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
