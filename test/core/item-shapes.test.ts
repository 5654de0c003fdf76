import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { HistoryEventShape, isEventField, isHistoryEvent, strippedEvent, type HistoryEvent } from '../../src/core/history';
import {
  carriesOtherFields,
  isEntryOf,
  isRepair,
  RepairShape,
  StoreNamesShape,
  strippedRepair,
  WarningLogShape,
  type Repair,
} from '../../src/core/item-shapes';

const event: HistoryEvent = {
  at: 5,
  site: 'example.com',
  kind: 'ended-by-server',
  name: 'sid',
  storeId: '0',
  expiresAt: null,
  idleMs: 1_000,
  result: 'signed-out',
  status: 401,
  reason: 'signed-out',
};
const repair: Repair = { at: 5, key: 'settings', what: 'leadMinutes: expected a whole number from 1 to 1440, got a string; using 2' };

describe('the stored item shapes: type, checker and stripper agree', () => {
  it('a history event of the type passes the check; the stripper keeps exactly the declared fields', () => {
    expect(isHistoryEvent(event)).toBe(true);
    const stripped = strippedEvent({ ...event, value: 'secret' } as HistoryEvent);
    expect(Object.keys(stripped)).toEqual(Object.keys(HistoryEventShape.entries));
    expect(stripped).toEqual(event);
    const { expiresAt: _e, ...without } = event;
    expect(strippedEvent({ ...without, expiresAt: undefined })).toStrictEqual(without);
    expect(Object.keys(HistoryEventShape.entries).every(isEventField)).toBe(true);
    expect(isEventField('value')).toBe(false);
  });

  it.each([
    [{ ...event, at: Number.NaN }, false],
    [{ ...event, at: 8.64e15 + 1 }, false],
    [{ ...event, expiresAt: Infinity }, false],
    [{ ...event, kind: 'from-a-newer-version' }, true],
    [{ ...event, kind: 5 }, false],
  ])('isHistoryEvent(%j) -> %s', (value, expected) => {
    expect(isHistoryEvent(value)).toBe(expected);
  });

  it('a repair of the type passes the check; the stripper keeps exactly the declared fields', () => {
    expect(isRepair(repair)).toBe(true);
    const carrying = { ...repair, extra: 1 } as Repair;
    expect(carriesOtherFields(carrying)).toBe(true);
    expect(carriesOtherFields(repair)).toBe(false);
    expect(Object.keys(strippedRepair(carrying))).toEqual(Object.keys(RepairShape.entries));
    expect(isRepair({ ...repair, what: 'x'.repeat(1001) })).toBe(false);
  });

  it.each([
    ['w:1', 5, true],
    ['w:1', Number.NaN, false],
    ['w:1', '5', false],
  ])('a warning entry %s: %j -> %s', (key, at, expected) => {
    expect(isEntryOf(WarningLogShape, key, at)).toBe(expected);
    expect(v.is(WarningLogShape, { [key]: at })).toBe(expected);
  });

  it.each([
    ['firefox-container-2', 'Work', true],
    ['', 'Work', false],
    ['firefox-container-2', '', false],
    ['firefox-container-2', 'x'.repeat(201), false],
    ['firefox-container-2', 3, false],
  ])('a store name entry %j: %j -> %s', (id, name, expected) => {
    expect(isEntryOf(StoreNamesShape, id, name)).toBe(expected);
    expect(v.is(StoreNamesShape, { [id]: name })).toBe(expected);
  });
});
