/**
 * Alarms are the worker's only timers: they survive the worker being
 * stopped, and a browser that slept past one fires it once on waking.
 * https://developer.chrome.com/docs/extensions/reference/api/alarms
 */
import browser, { type Alarms } from 'webextension-polyfill';

/** Every alarm this extension has: name -> scheduled time (epoch ms). */
export async function scheduledAlarms(): Promise<Map<string, number>> {
  return new Map((await browser.alarms.getAll()).map((a) => [a.name, a.scheduledTime]));
}

/** Creates (or moves) the one-shot alarm `name` to fire at `when` (epoch ms). */
export function setAlarm(name: string, when: number): Promise<void> {
  return browser.alarms.create(name, { when });
}

export function clearAlarm(name: string): Promise<boolean> {
  return browser.alarms.clear(name);
}

/** Listen at the worker's top level: an alarm is often what wakes it. */
export function onAlarm(cb: (name: string) => void): () => void {
  const listener = (alarm: Alarms.Alarm) => cb(alarm.name);
  browser.alarms.onAlarm.addListener(listener);
  return () => browser.alarms.onAlarm.removeListener(listener);
}
