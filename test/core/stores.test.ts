import { describe, expect, it } from 'vitest';
import { storeLabel } from '../../src/core/stores';

describe('storeLabel', () => {
  const names = { 'firefox-container-2': 'Work' };
  it.each([
    ['0', { kind: 'default' }],
    ['firefox-default', { kind: 'default' }],
    ['1', { kind: 'private' }],
    ['firefox-private', { kind: 'private' }],
    ['firefox-container-2', { kind: 'container', name: 'Work' }],
    ['firefox-container-9', { kind: 'container' }],
    ['42', { kind: 'other' }],
    ['toString', { kind: 'other' }],
  ])('%s -> %j', (storeId, expected) => {
    expect(storeLabel(storeId, names)).toEqual(expected);
  });
});
