import { describe, expect, it } from 'vitest';
import { isEnvelope } from '../../src/core/messages';

describe('isEnvelope', () => {
  it.each([
    [{ type: 'rescan', payload: {} }, true],
    [{ type: 'addDomain', payload: { input: 'example.com' } }, true],
    [{ type: 'eval', payload: {} }, false],
    [{ type: 'rescan' }, false],
    [{ type: 'toString', payload: {} }, false],
    ['rescan', false],
    [null, false],
  ])('%j -> %s', (value, expected) => {
    expect(isEnvelope(value)).toBe(expected);
  });
});
