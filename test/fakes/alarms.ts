import type { Alarms } from 'webextension-polyfill';
import { fakeClock } from './clock';
import { FakeEvent } from './events';

const state = { alarms: new Map<string, Alarms.Alarm>() };
const onAlarm = new FakeEvent<(alarm: Alarms.Alarm) => void>();

export const alarms = {
  create: async (nameOrInfo?: string | Alarms.CreateAlarmInfoType, maybeInfo?: Alarms.CreateAlarmInfoType): Promise<void> => {
    const name = typeof nameOrInfo === 'string' ? nameOrInfo : '';
    const info = (typeof nameOrInfo === 'string' ? maybeInfo : nameOrInfo) ?? {};
    const scheduledTime = info.when ?? fakeClock.now() + (info.delayInMinutes ?? info.periodInMinutes ?? 0) * 60_000;
    const alarm: Alarms.Alarm = { name, scheduledTime };
    if (info.periodInMinutes !== undefined) alarm.periodInMinutes = info.periodInMinutes;
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
};

export function resetAlarms(): void {
  state.alarms.clear();
  onAlarm.clear();
}
