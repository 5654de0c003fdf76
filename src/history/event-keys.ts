import type { HistoryEvent } from '../core/history';

/**
 * A key per event that stays the same when events are added or the oldest
 * trimmed, so a live update moves no rows it does not have to. Events alike
 * in every field are told apart by how many came before.
 * eventKeys([e, e]) -> ["<e>", "<e>#1"]
 */
export function eventKeys(events: readonly HistoryEvent[]): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const key = `${e.at}|${e.site}|${e.storeId}|${e.kind}|${e.name}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n === 0 ? key : `${key}#${n}`;
  });
}
