import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  hasRecordFields,
  isRecordField,
  RecordShape,
  recordFieldsWrong,
  strippedRecord,
  type CookieRecord,
} from '../../src/core/record-shape';
import { encodeRecord, recordAt, recordFix, recordKey, recordProblem } from '../../src/core/stored-records';
import { cookieRecordOf } from '../fakes/records';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261206);

const sound: CookieRecord = cookieRecordOf('sid', 'example.com', {
  expiresAt: Date.UTC(2026, 0, 1, 1),
  firstSeen: Date.UTC(2026, 0, 1),
  lastRefreshed: Date.UTC(2026, 0, 1),
  ended: { cause: 'expired', at: Date.UTC(2026, 0, 1, 1) },
  refreshes: 2,
  grantMs: 3_600_000,
  tokenExpiresAt: null,
  partition: 'https://example.com',
});

const FIELDS = Object.keys(RecordShape.entries);

describe('the record shape: type, checker and stripper agree', () => {
  it('a record of the type passes the schema, the fast check and the field check', () => {
    expect(v.is(RecordShape, sound)).toBe(true);
    expect(hasRecordFields({ ...sound })).toBe(true);
    expect(recordFieldsWrong({ ...sound })).toBeNull();
  });

  it('stripping a record with extra fields yields exactly the schema keys, in the schema order', () => {
    const carrying = { ...sound, value: 'secret', ended: { ...sound.ended, note: 'x' } } as CookieRecord;
    const stripped = strippedRecord(carrying);
    expect(Object.keys(stripped)).toEqual(FIELDS);
    expect(stripped.ended).toEqual({ cause: 'expired', at: sound.ended?.at });
    expect(FIELDS.every(isRecordField)).toBe(true);
    expect(isRecordField('value')).toBe(false);
  });

  it('writes a record an older version stored exactly as before: later fields filled in, no partition', () => {
    const { refreshes: _r, grantMs: _g, tokenExpiresAt: _t, partition: _p, ...legacy } = sound;
    expect(encodeRecord({ ...legacy, ended: null, partition: '' })).toBe(
      '{"id":"0|example.com|/|sid","name":"sid","domain":"example.com","path":"/","storeId":"0","hostOnly":true,"secure":true,' +
        '"httpOnly":true,"sameSite":"lax","expiresAt":1767229200000,"firstSeen":1767225600000,"lastRefreshed":1767225600000,' +
        '"ended":null,"refreshes":0,"grantMs":null,"tokenExpiresAt":null}',
    );
  });

  it.each(FIELDS)('the fast check looks at %s', (field) => {
    expect(hasRecordFields({ ...sound, [field]: Symbol('wrong') })).toBe(false);
    expect(recordFieldsWrong({ ...sound, [field]: Symbol('wrong') })).toEqual([field]);
  });

  it('reads back what it writes, and says what is wrong with what it cannot read', () => {
    const { partition: _p, ...plain } = sound;
    expect(recordAt(recordKey(sound.id), encodeRecord(plain))).toEqual(plain);
    expect(recordProblem('cookie:x', '{')).toBe('expected a cookie record, got text that is not JSON');
    expect(recordProblem(recordKey(sound.id), { ...sound, refreshes: -1, grantMs: 'x' })).toBe(
      'refreshes and grantMs missing or of the wrong type',
    );
    expect(recordFix('cookie:x', 5)).toEqual({
      do: 'remove',
      repair: { key: 'cookie:x', what: 'expected a cookie record, got a number; removed' },
    });
    expect(recordFix(recordKey(sound.id), encodeRecord(plain))).toEqual({ do: 'nothing' });
    expect(recordFix(recordKey(sound.id), { ...plain, value: 'x' })).toEqual({
      do: 'rewrite',
      text: encodeRecord(plain),
      repair: { key: recordKey(sound.id), what: 'unexpected field value dropped' },
    });
  });
});

/** A field's value: often what a record holds somewhere, sometimes anything at all. */
const fieldValue = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, 1e300, 8.64e15, 8.64e15 + 1, Number.NaN, Infinity, '', 'x', 'lax', []),
  fc.constantFrom({ cause: 'expired', at: 5 }, { cause: 'gone', at: 5 }, { cause: 'missing', at: Number.NaN }, { cause: 'evicted' }),
  fc.anything(),
);

describe('the fast check agrees with the schema', () => {
  it('on records with arbitrary fields changed or removed', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 5 }),
        fc.array(fc.constantFrom(...FIELDS)),
        (changes, gone) => {
          const value: Record<string, unknown> = { ...sound, ...changes };
          for (const field of gone) delete value[field];
          const bySchema = v.is(RecordShape, value);
          expect(hasRecordFields(value)).toBe(bySchema);
          expect(recordFieldsWrong(value) === null).toBe(bySchema);
        },
      ),
      { numRuns: 3_000, seed: SEED },
    );
  });

  it('on anything at all', () => {
    fc.assert(
      fc.property(fc.object(), (value) => {
        expect(hasRecordFields(value)).toBe(v.is(RecordShape, value));
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});
