/** A promise the test resolves when it chooses: `opened` settles once `open()` is called. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Lets every pending task and microtask run. */
export const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
