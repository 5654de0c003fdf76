import { describe, expect, it } from 'vitest';
import { fieldList, isStoredTime, repairKey, storedType } from '../../src/core/stored-repair';

describe('what a repair says', () => {
  it.each([
    ['x', 'a string'],
    [1, 'a number'],
    [Number.NaN, 'a number that is not finite'],
    [true, 'true or false'],
    [null, 'null'],
    [[], 'a list'],
    [{}, 'an object'],
    [undefined, 'nothing'],
  ])('storedType(%j) -> %s', (value, type) => {
    expect(storedType(value)).toBe(type);
  });

  it.each([
    [[], ''],
    [['value'], 'value'],
    [['id', 'name'], 'id and name'],
    [['id', 'name', 'path'], 'id, name and path'],
    [['value', 'x<b>', '\u202e'], 'value and 2 others'],
    [['SECRET-VALUE-THAT-IS-MUCH-TOO-LONG-TO-BE-A-FIELD-NAME'], '1 other'],
  ])('fieldList(%j) -> %s', (names, text) => {
    expect(fieldList(names)).toBe(text);
  });

  it('times: finite and within what a Date can hold', () => {
    expect(isStoredTime(Date.UTC(2026, 0, 1))).toBe(true);
    expect(isStoredTime(-1)).toBe(true);
    expect(isStoredTime(8.64e15 + 1)).toBe(false);
    expect(isStoredTime(Number.POSITIVE_INFINITY)).toBe(false);
    expect(isStoredTime('1')).toBe(false);
  });

  it('a long key is cut', () => {
    expect(repairKey('k')).toBe('k');
    expect(repairKey('k'.repeat(500))).toBe(`${'k'.repeat(200)}…`);
  });
});
