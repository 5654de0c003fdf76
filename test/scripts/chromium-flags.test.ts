import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADLESS_CHROMIUM_FLAGS } from '../../scripts/chromium-flags.mjs';

const DOC = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'browser-behaviour.md'), 'utf8');

describe('HEADLESS_CHROMIUM_FLAGS', () => {
  it('are the flags docs/browser-behaviour.md gives for driving Chromium from tests, each once', () => {
    const documented = DOC.replace(/\s+/g, ' ')
      .match(/--no-sandbox[^`]*--no-first-run/)?.[0]
      .split(' ');
    expect(HEADLESS_CHROMIUM_FLAGS).toEqual(documented);
    expect(new Set(HEADLESS_CHROMIUM_FLAGS).size).toBe(HEADLESS_CHROMIUM_FLAGS.length);
  });

  it('cannot be changed by one launcher for the others', () => {
    expect(Object.isFrozen(HEADLESS_CHROMIUM_FLAGS)).toBe(true);
  });
});
