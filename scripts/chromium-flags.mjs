/**
 * The flags every headless Chromium this project drives starts with: the icon
 * renderer, the end-to-end harness and the bench (docs/browser-behaviour.md,
 * "Driving the browsers from tests"). Root cannot use Chromium's sandbox, the
 * machine has no GPU, and nothing may reach the network or change the profile
 * behind a run's back (updates, sync, first-run pages).
 */

/** @type {readonly string[]} */
export const HEADLESS_CHROMIUM_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);
