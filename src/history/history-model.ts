import type { HistoryEvent } from '../core/history';

/** Everything the history page shows, as plain data. */
export interface HistoryModel {
  /** Every watched site's events, oldest first. */
  events: readonly HistoryEvent[];
  /** Container names by cookie store id. */
  storeNames: Readonly<Record<string, string>>;
}

export interface HistoryActions {
  /** Forgets one watched domain's history, or all of it; resolves to how many events went. */
  clearHistory(domain?: string): Promise<number>;
}
