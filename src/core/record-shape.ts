/**
 * The one declaration of a cookie record, what the worker keeps about one
 * watched cookie in storage.local under `cookie:<id>`. The type, the check
 * every read makes and the stripper every write makes all come from
 * RecordShape below.
 *
 * Adding a field to a stored shape (this one, and those in settings-shape.ts,
 * history.ts and item-shapes.ts):
 * 1. Add it to the shape's schema, `v.optional(...)` with the value older
 *    data should read as: what users already have stored has no such field,
 *    and it must still read. The type follows (`v.InferInput`/`InferOutput`).
 * 2. Where a shape keeps code keyed by its fields (hasRecordFields here, the
 *    repair texts of the settings), add the field there too: the compiler
 *    asks for a row keyed by the shape, and the tests name a field left out.
 *    Repair texts name fields and types, never a stored string (it could be
 *    a cookie value).
 * 3. Never rename or retype a stored field: data on disk outlives this code,
 *    and sync brings data from other machines running other versions.
 * 4. Run the shape's tests: the property tests compare the fast checks with
 *    the schema on arbitrary input, and the shape test checks that the
 *    stripper writes exactly the declared fields.
 */
import * as v from 'valibot';
import { declaredFields, isMap, isStoredTime, StoredTime } from './stored-repair';

export const END_CAUSES = [
  /** Its expiry passed. */
  'expired',
  /** The site removed it (Max-Age=0, an expiry in the past, an explicit removal). */
  'logged-out',
  /** The browser dropped it to make room. */
  'evicted',
  /** It was no longer in the cookie store when the worker looked (browser restarted, cleared elsewhere). */
  'missing',
  /** The server ended it after the user was away: a new session id, 401 or 440, or a login page, on the return. */
  'ended-by-server',
] as const;

/** A count that JSON and a Date-free mind can both hold: 0, 1, 2, … */
const Count = v.custom<number>((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0);
/** A length of time in ms. */
const Span = v.custom<number>((x) => typeof x === 'number' && Number.isFinite(x));

export const EndedShape = v.nullable(
  v.object({
    cause: v.picklist(END_CAUSES),
    at: StoredTime,
    /** For an end by the server: how long the site had been idle before it (ms). */
    idleMs: v.optional(Span),
  }),
);

export const RecordShape = v.object({
  /** `${storeId}|${domain}|${path}|${name}`: a cookie's identity in the browser. */
  id: v.string(),
  name: v.string(),
  domain: v.string(),
  path: v.string(),
  storeId: v.string(),
  hostOnly: v.boolean(),
  secure: v.boolean(),
  httpOnly: v.boolean(),
  sameSite: v.string(),
  /** When the cookie expires (ms), or null for a browser-session cookie. */
  expiresAt: v.nullable(StoredTime),
  firstSeen: StoredTime,
  /** When the cookie was last (re)set by the site. */
  lastRefreshed: StoredTime,
  /** Set once the cookie is gone; the row stays until a new cookie of that name arrives or the user clears it. */
  ended: EndedShape,
  /** How many times the site re-sent it with a later expiry: the evidence of a sliding session. */
  refreshes: v.optional(Count, 0),
  /** The lifetime the latest set or refresh granted (expiry minus when it was set), ms; null without expiry. */
  grantMs: v.optional(v.nullable(Span), null),
  /** When the JWT in its value expires (ms); the token itself is never kept. */
  tokenExpiresAt: v.optional(v.nullable(StoredTime), null),
  /** The top-level site of a partitioned (CHIPS) cookie. */
  partition: v.optional(v.string()),
});

/**
 * What the worker keeps about one watched cookie. The input type: a record
 * an older version stored may lack the later fields, which the stripper fills in.
 */
export type CookieRecord = v.InferInput<typeof RecordShape>;

/** Why a watched cookie is gone. */
export type EndCause = (typeof END_CAUSES)[number];

function own(value: Record<string, unknown>, field: string): unknown {
  return Object.prototype.hasOwnProperty.call(value, field) ? value[field] : undefined;
}

const FIELDS = Object.entries(RecordShape.entries);

/**
 * The fields of a stored map that are missing or of the wrong type; null when there are none.
 * recordFieldsWrong({...record, hostOnly: 'yes', ended: 5}) -> ['hostOnly', 'ended']
 */
export function recordFieldsWrong(value: Record<string, unknown>): string[] | null {
  let wrong: string[] | null = null;
  for (const [field, schema] of FIELDS) {
    if (!v.is(schema, own(value, field))) (wrong ??= []).push(field);
  }
  return wrong;
}

/** isRecordField('partition') -> true; isRecordField('value') -> false */
export function isRecordField(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(RecordShape.entries, field);
}

/**
 * Exactly the record's fields, and the later ones filled in for a record an
 * older version wrote: whatever else an object carries never reaches storage.
 * strippedRecord({...record, value: 'secret'}) -> record without `value`
 */
export function strippedRecord(r: CookieRecord): CookieRecord {
  const parsed = v.safeParse(RecordShape, r);
  const out = parsed.success ? parsed.output : declaredFields(RecordShape, r);
  // cookies.ts reports no partition rather than an empty one; an empty one is not written.
  if (out.partition === '') delete out.partition;
  return out;
}

const isCount = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isSpan = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

function isEnded(x: unknown): boolean {
  if (x === null) return true;
  if (!isMap(x)) return false;
  const { cause, at, idleMs } = x;
  return (
    typeof cause === 'string' &&
    (END_CAUSES as readonly string[]).includes(cause) &&
    isStoredTime(at) &&
    (idleMs === undefined || (typeof idleMs === 'number' && Number.isFinite(idleMs)))
  );
}

/** Every field of the record, each as unknown: what a stored map may hold under those names. */
type RecordFields = { readonly [K in keyof CookieRecord]-?: unknown };

/**
 * recordFieldsWrong(r) === null, for a plain object (what storage gives
 * back: no field of it can come from a prototype), in one straight line.
 * The popup checks every record it reads before its first paint, and this
 * is tens of times faster than asking the schema (0.12 ms against 7 to 20
 * ms for 5,000 records in Node 20). test/core/record-shape.test.ts checks
 * that it looks at every field of RecordShape, and its property test that
 * it agrees with the schema on arbitrary input.
 * hasRecordFields(JSON.parse(stored)) -> true
 */
export function hasRecordFields(r: Record<string, unknown>): boolean {
  const {
    id,
    name,
    domain,
    path,
    storeId,
    hostOnly,
    secure,
    httpOnly,
    sameSite,
    expiresAt,
    firstSeen,
    lastRefreshed,
    ended,
    refreshes,
    grantMs,
    tokenExpiresAt,
    partition,
  } = r as RecordFields;
  return (
    typeof id === 'string' &&
    typeof name === 'string' &&
    typeof domain === 'string' &&
    typeof path === 'string' &&
    typeof storeId === 'string' &&
    typeof hostOnly === 'boolean' &&
    typeof secure === 'boolean' &&
    typeof httpOnly === 'boolean' &&
    typeof sameSite === 'string' &&
    (expiresAt === null || isStoredTime(expiresAt)) &&
    isStoredTime(firstSeen) &&
    isStoredTime(lastRefreshed) &&
    isEnded(ended) &&
    (refreshes === undefined || isCount(refreshes)) &&
    (grantMs === undefined || grantMs === null || isSpan(grantMs)) &&
    (tokenExpiresAt === undefined || tokenExpiresAt === null || isStoredTime(tokenExpiresAt)) &&
    (partition === undefined || typeof partition === 'string')
  );
}
