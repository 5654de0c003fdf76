/**
 * Shows a stored value as it is now and as it changes: every change as it
 * comes, and one read for the start, unless a change came first (a change
 * that lands before the read answers is at least as new as that answer).
 * `fail` gets the read's error (none by default, as for latestAnswer).
 * followStored(onChecksChanged, readChecks, show): show(read), then show(each change)
 */
export function followStored<T>(
  follow: (cb: (value: T) => void) => unknown,
  read: () => Promise<T>,
  use: (value: T) => void,
  fail: (error: unknown) => void = () => {},
): void {
  let changed = false;
  follow((next) => {
    changed = true;
    use(next);
  });
  read()
    .then((value) => {
      if (!changed) use(value);
    })
    .catch(fail);
}
