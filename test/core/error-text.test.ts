import { describe, expect, it } from 'vitest';
import { errorText } from '../../src/core/error-text';

describe('errorText', () => {
  it.each([
    [new Error('quota exceeded'), 'quota exceeded'],
    [new TypeError('x is not a function'), 'x is not a function'],
    ['No tab with id: 4', 'No tab with id: 4'],
    [undefined, 'undefined'],
    [42, '42'],
  ])('%j -> %j', (thrown, text) => {
    expect(errorText(thrown)).toBe(text);
  });
});
