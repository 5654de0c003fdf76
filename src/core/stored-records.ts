/**
 * How records sit in storage.local: one per watched cookie under
 * `cookie:<id>`, as JSON text. Pure: the platform adapter
 * (platform/records-store.ts) only moves these values in and out.
 */
import { cookieId } from './observe';
import { COOKIE_KEY_PREFIX } from './settings-defaults';
import { hasRecordFields, isRecordField, recordFieldsWrong, strippedRecord, type CookieRecord } from './record-shape';
import { fieldList, isMap, repairKey, storedType, type StoredRepair } from './stored-repair';

/**
 * A value written anew with every change to the records: in the same call
 * as a write, and before a removal. Records read in one call with one value
 * of it are what the records hold for as long as it keeps that value (a
 * removal never overlaps the planner's read of the records and their stamp:
 * both are the worker's exclusive work). The popup's first screen carries
 * its rows' records with the stamp they were read with (core/first-screen.ts).
 */
export const RECORDS_STAMP_KEY = 'recordsStamp';

/** A stored stamp when it is one a write could have left (non-empty text), else null. */
export function stampAt(raw: unknown): string | null {
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

/** recordKey('0|example.com|/|sid') -> "cookie:0|example.com|/|sid" */
export function recordKey(id: string): string {
  return COOKIE_KEY_PREFIX + id;
}

/** recordKey(id) === key, without building the key: every read checks every record. */
function isKeyOf(key: string, id: string): boolean {
  return key.length === COOKIE_KEY_PREFIX.length + id.length && key.startsWith(COOKIE_KEY_PREFIX) && key.endsWith(id);
}

/**
 * Records are stored as JSON text, not as objects: the browser then hands a
 * page one string per record instead of building each object field by field.
 * In Chromium 156 that read 5,000 records in under half the time
 * (bench/README-performance.md), and every popup pays for that read before
 * its first paint. A record an earlier version stored as an object is still
 * read, and the next repair pass stores it as text.
 * encodeRecord({...record, value: 'x'}) -> '{"id":…}' without the value
 */
export function encodeRecord(r: CookieRecord): string {
  return JSON.stringify(strippedRecord(r));
}

/** Text that is not JSON, told apart from a stored string that is. */
const NOT_JSON: unique symbol = Symbol('not JSON');

function decodeRecord(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/**
 * What is wrong with the value stored under `key` as a record, or null when it is a well-formed record of that key.
 * recordProblem('cookie:x', '{') -> "expected a cookie record, got text that is not JSON"
 */
export function recordProblem(key: string, raw: unknown): string | null {
  const value = decodeRecord(raw);
  if (value === NOT_JSON) return 'expected a cookie record, got text that is not JSON';
  if (!isMap(value))
    return `expected a cookie record, got ${typeof raw === 'string' ? `text holding ${storedType(value)}` : storedType(value)}`;
  const wrong = recordFieldsWrong(value);
  if (wrong) return `${wrong.length > 5 ? `${wrong.length} fields` : fieldList(wrong)} missing or of the wrong type`;
  const r = value as unknown as CookieRecord;
  if (!isKeyOf(key, r.id)) return 'its id does not match its key';
  if (cookieId(r) !== r.id) return 'its id does not match its store, domain, path and name';
  return null;
}

/**
 * The record stored under `key` when recordProblem(key, raw) === null,
 * without building the text of a problem nobody reads; else null.
 * recordAt(recordKey(r.id), encodeRecord(r)) -> r
 */
export function recordAt(key: string, raw: unknown): CookieRecord | null {
  const value = decodeRecord(raw);
  if (!isMap(value)) return null;
  const fieldsOk = Object.getPrototypeOf(value) === Object.prototype ? hasRecordFields(value) : recordFieldsWrong(value) === null;
  if (!fieldsOk) return null;
  const r = value as unknown as CookieRecord;
  return isKeyOf(key, r.id) && cookieId(r) === r.id ? r : null;
}

/** What a repair pass does with one stored record. */
export type RecordFix =
  /** Malformed: remove it (the next scan recreates the live ones). */
  | { do: 'remove'; repair: StoredRepair }
  /** Write it back as this text: without fields a record does not have (repair), or as text, not an object (no repair). */
  | { do: 'rewrite'; text: string; repair: StoredRepair | null }
  | { do: 'nothing' };

/**
 * recordFix('cookie:x', 5) -> {do: 'remove', repair: {key: 'cookie:x', what: 'expected a cookie record, got a number; removed'}}
 */
export function recordFix(key: string, value: unknown): RecordFix {
  const problem = recordProblem(key, value);
  if (problem !== null) return { do: 'remove', repair: { key: repairKey(key), what: `${problem}; removed` } };
  const record = decodeRecord(value) as CookieRecord;
  const extra = Object.keys(record).filter((field) => !isRecordField(field));
  if (extra.length > 0) {
    const what = `unexpected field${extra.length === 1 ? '' : 's'} ${fieldList(extra)} dropped`;
    return { do: 'rewrite', text: encodeRecord(record), repair: { key: repairKey(key), what } };
  }
  return typeof value === 'string' ? { do: 'nothing' } : { do: 'rewrite', text: encodeRecord(record), repair: null };
}
