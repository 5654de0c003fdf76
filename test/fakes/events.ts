/**
 * One browser event (`browser.x.onY`): the listener list the real API keeps,
 * plus `dispatch` so the fake can fire it.
 */
export class FakeEvent<F extends (...args: never[]) => unknown> {
  private listeners: F[] = [];

  addListener = (listener: F): void => {
    // Both browsers ignore a second registration of the same function.
    if (!this.listeners.includes(listener)) this.listeners.push(listener);
  };

  removeListener = (listener: F): void => {
    this.listeners = this.listeners.filter((l) => l !== listener);
  };

  hasListener = (listener: F): boolean => this.listeners.includes(listener);

  hasListeners = (): boolean => this.listeners.length > 0;

  /** Calls every listener in registration order; returns what each returned. */
  dispatch(...args: Parameters<F>): ReturnType<F>[] {
    // A listener removed during dispatch still sees this event, as in the browsers.
    return [...this.listeners].map((l) => l(...args) as ReturnType<F>);
  }

  clear(): void {
    this.listeners = [];
  }
}
