/**
 * A read a page repeats whenever something changes (access, a stored list),
 * where only the latest call's answer may be shown: an older read that
 * answers late would put stale data back on screen. Returns the function
 * that starts a read; `fail` gets any read's error (or `use`'s).
 * const load = latestAnswer(readHistory, show); load(); load() -> show gets the second read's answer only
 */
export function latestAnswer<T>(read: () => Promise<T>, use: (value: T) => void, fail: (error: unknown) => void = () => {}): () => void {
  let latest = 0;
  return () => {
    const mine = ++latest;
    read()
      .then((value) => {
        if (mine === latest) use(value);
      })
      .catch(fail);
  };
}
