/** Wires the history page to the browser: the stored history and store names, then every change to them. */
import type { HistoryEvent } from '../core/history';
import { clearHistory, onHistoryChanged, readHistory } from '../platform/history-store';
import { followStoreNames } from '../platform/store-names';
import { latestAnswer } from '../ui/latest-answer';
import type { HistoryActions, HistoryModel } from './history-model';

/** Starts loading at once and calls `show` with every new model; returns the page's actions. */
export function connectHistory(show: (model: HistoryModel) => void, failed: (error: unknown) => void): HistoryActions {
  let events: readonly HistoryEvent[] | null = null;
  let storeNames: Readonly<Record<string, string>> = {};

  const emit = () => {
    if (events) show({ events, storeNames });
  };

  // A burst of appends is read once per answer; an older read that answers late is dropped.
  const load = latestAnswer(
    readHistory,
    (all) => {
      events = all;
      emit();
    },
    failed,
  );

  onHistoryChanged(load);
  followStoreNames((names) => {
    storeNames = names;
    emit();
  });
  load();

  return { clearHistory };
}
