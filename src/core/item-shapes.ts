/**
 * The small items of storage.local, each declared once (see record-shape.ts
 * for how to add a field): the warnings already given, the names of
 * Firefox's containers, and the log of repairs. The types, the checks of
 * each entry and the stripper of a repair come from these schemas.
 */
import * as v from 'valibot';
import { declaredFields, StoredTime } from './stored-repair';

/** A warning key (core/schedule: warningKey, endKey) -> when it was given (epoch ms). */
export const WarningLogShape = v.record(v.string(), StoredTime);
export type WarningLog = v.InferOutput<typeof WarningLogShape>;

/** A name typed by the user; anything longer is not a label anyone reads in a row. */
const NAME_MAX = 200;

/** Cookie store id -> the container's name, e.g. {"firefox-container-2": "Work"}. */
export const StoreNamesShape = v.record(v.pipe(v.string(), v.nonEmpty()), v.pipe(v.string(), v.nonEmpty(), v.maxLength(NAME_MAX)));
export type StoreNames = v.InferOutput<typeof StoreNamesShape>;

/** Entries are written by this code, so anything longer is not ours. */
const TEXT_MAX = 1000;

/** One repair: when (epoch ms), which key, what was wrong and done. */
export const RepairShape = v.object({
  at: StoredTime,
  key: v.pipe(v.string(), v.maxLength(TEXT_MAX)),
  what: v.pipe(v.string(), v.maxLength(TEXT_MAX)),
});
export type Repair = v.InferOutput<typeof RepairShape>;

/**
 * Whether `value` is a good entry under `key` of an item declared as a
 * record of entries: isEntryOf(StoreNamesShape, 'firefox-container-2', 'Work') -> true
 */
export function isEntryOf<T>(
  shape: { key: v.GenericSchema<string>; value: v.GenericSchema<unknown, T> },
  key: string,
  value: unknown,
): value is T {
  return v.is(shape.key, key) && v.is(shape.value, value);
}

/** Whether a stored value is a repair: isRepair({at: 1, key: 'settings', what: 'x'}) -> true */
export function isRepair(value: unknown): value is Repair {
  return v.is(RepairShape, value);
}

/** Only the repair's own fields: strippedRepair({...r, extra: 1}) -> r */
export function strippedRepair(r: Repair): Repair {
  return declaredFields(RepairShape, r);
}

/** Whether a stored repair carries fields a repair does not have: carriesOtherFields({...r, extra: 1}) -> true */
export function carriesOtherFields(r: Repair): boolean {
  return Object.keys(r).some((field) => !Object.prototype.hasOwnProperty.call(RepairShape.entries, field));
}
