import { describe, expect, it } from 'vitest';
import { DOMAIN_LEAD_MINUTES, IDLE_MINUTES, LEAD_MINUTES, type MinutesRule, parseMinutes } from '../../src/core/minutes';

const RULES: Record<string, MinutesRule> = { lead: LEAD_MINUTES, idle: IDLE_MINUTES, 'domain lead': DOMAIN_LEAD_MINUTES };

describe('parseMinutes', () => {
  it.each([
    // The global lead: always set.
    ['lead', '2', { ok: true, value: 2 }],
    ['lead', ' 15 ', { ok: true, value: 15 }],
    ['lead', '1440', { ok: true, value: 1440 }],
    ['lead', '1', { ok: true, value: 1 }],
    ['lead', '', { ok: false, error: 'not-a-number' }],
    ['lead', 'five', { ok: false, error: 'not-a-number' }],
    ['lead', '0x10', { ok: false, error: 'not-a-number' }],
    ['lead', '2.5', { ok: false, error: 'not-whole' }],
    ['lead', '0', { ok: false, error: 'out-of-range' }],
    ['lead', '-3', { ok: false, error: 'out-of-range' }],
    ['lead', '1441', { ok: false, error: 'out-of-range' }],
    // An idle timeout: empty means none.
    ['idle', '', { ok: true, value: null }],
    ['idle', '15', { ok: true, value: 15 }],
    ['idle', '10080', { ok: true, value: 10_080 }],
    ['idle', '0', { ok: false, error: 'out-of-range' }],
    ['idle', '1.5', { ok: false, error: 'not-whole' }],
    ['idle', 'soon', { ok: false, error: 'not-a-number' }],
    // A domain's own lead: empty means the global one.
    ['domain lead', '  ', { ok: true, value: null }],
    ['domain lead', '5', { ok: true, value: 5 }],
    ['domain lead', '1e1', { ok: true, value: 10 }],
    ['domain lead', '1441', { ok: false, error: 'out-of-range' }],
    ['domain lead', 'Infinity', { ok: false, error: 'not-a-number' }],
  ])('%s: %j -> %j', (rule, input, expected) => {
    expect(parseMinutes(input, RULES[rule]!)).toEqual(expected);
  });
});
