import { describe, expect, it } from 'vitest';
import { DOMAIN_LEAD_MINUTES, IDLE_MINUTES, LEAD_MINUTES, parseMinutes } from '../../src/core/minutes';

describe('parseMinutes: the global lead', () => {
  it.each([
    ['2', { ok: true, value: 2 }],
    [' 15 ', { ok: true, value: 15 }],
    ['1440', { ok: true, value: 1440 }],
    ['1', { ok: true, value: 1 }],
    ['', { ok: false, error: 'not-a-number' }],
    ['five', { ok: false, error: 'not-a-number' }],
    ['0x10', { ok: false, error: 'not-a-number' }],
    ['2.5', { ok: false, error: 'not-whole' }],
    ['0', { ok: false, error: 'out-of-range' }],
    ['-3', { ok: false, error: 'out-of-range' }],
    ['1441', { ok: false, error: 'out-of-range' }],
  ])('%j -> %j', (input, expected) => {
    expect(parseMinutes(input, LEAD_MINUTES)).toEqual(expected);
  });
});

describe('parseMinutes: an idle timeout', () => {
  it.each([
    ['', { ok: true, value: null }],
    ['15', { ok: true, value: 15 }],
    ['10080', { ok: true, value: 10_080 }],
    ['0', { ok: false, error: 'out-of-range' }],
    ['1.5', { ok: false, error: 'not-whole' }],
    ['soon', { ok: false, error: 'not-a-number' }],
  ])('%j -> %j', (input, expected) => {
    expect(parseMinutes(input, IDLE_MINUTES)).toEqual(expected);
  });
});

describe("parseMinutes: a domain's own lead", () => {
  it.each([
    ['  ', { ok: true, value: null }],
    ['5', { ok: true, value: 5 }],
    ['1e1', { ok: true, value: 10 }],
    ['1441', { ok: false, error: 'out-of-range' }],
    ['Infinity', { ok: false, error: 'not-a-number' }],
  ])('%j -> %j', (input, expected) => {
    expect(parseMinutes(input, DOMAIN_LEAD_MINUTES)).toEqual(expected);
  });
});
