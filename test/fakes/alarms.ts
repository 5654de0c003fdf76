import type { Alarms } from 'webextension-polyfill';
import { fakeClock } from './clock';
import { FakeEvent } from './events';

/**
 * A packed Chrome extension's alarm fires no sooner than 30 s after it is set
 * (and reads as scheduled then), and it may have at most 500 alarms; an
 * unpacked one (and Firefox) only gets a console warning for the first.
 * https://developer.chrome.com/docs/extensions/reference/api/alarms
 */
export const PACKED_MIN_DELAY_MS = 30_000;
export const MAX_ALARMS = 500;

const state = { alarms: new Map<string, Alarms.Alarm>(), packed: false };
const onAlarm = new FakeEvent<(alarm: Alarms.Alarm) => void>();

export const alarms = {
  create: async (nameOrInfo?: string | Alarms.CreateAlarmInfoType, maybeInfo?: Alarms.CreateAlarmInfoType): Promise<void> => {
    const name = typeof nameOrInfo === 'string' ? nameOrInfo : '';
    const info = (typeof nameOrInfo === 'string' ? maybeInfo : nameOrInfo) ?? {};
    if (!state.alarms.has(name) && state.alarms.size >= MAX_ALARMS) {
      throw new Error(`An extension may have at most ${MAX_ALARMS} alarms.`);
    }
    const now = fakeClock.now();
    let scheduledTime = info.when ?? now + (info.delayInMinutes ?? info.periodInMinutes ?? 0) * 60_000;
    let period = info.periodInMinutes;
    if (state.packed) {
      scheduledTime = Math.max(scheduledTime, now + PACKED_MIN_DELAY_MS);
      if (period !== undefined) period = Math.max(period, PACKED_MIN_DELAY_MS / 60_000);
    }
    const alarm: Alarms.Alarm = { name, scheduledTime };
    if (period !== undefined) alarm.periodInMinutes = period;
    state.alarms.set(name, alarm);
  },
  get: async (name = ''): Promise<Alarms.Alarm | undefined> => {
    const a = state.alarms.get(name);
    return a && { ...a };
  },
  getAll: async (): Promise<Alarms.Alarm[]> => [...state.alarms.values()].map((a) => ({ ...a })),
  clear: async (name = ''): Promise<boolean> => state.alarms.delete(name),
  clearAll: async (): Promise<boolean> => {
    const had = state.alarms.size > 0;
    state.alarms.clear();
    return had;
  },
  onAlarm,
};

export const fakeAlarms = {
  /** Fires every alarm due by the fake clock; periodic ones are rescheduled, one-shot ones dropped. */
  fireDue(): string[] {
    const now = fakeClock.now();
    const due = [...state.alarms.values()].filter((a) => a.scheduledTime <= now).sort((a, b) => a.scheduledTime - b.scheduledTime);
    for (const a of due) {
      if (a.periodInMinutes === undefined) state.alarms.delete(a.name);
      else state.alarms.set(a.name, { ...a, scheduledTime: now + a.periodInMinutes * 60_000 });
      onAlarm.dispatch({ ...a });
    }
    return due.map((a) => a.name);
  },
  /** From now on alarms behave as in a packed Chrome extension (30 s minimum delay); the 500 limit always holds. */
  pack(): void {
    state.packed = true;
  },
};

export function resetAlarms(): void {
  state.alarms.clear();
  state.packed = false;
  onAlarm.clear();
}
