/**
 * The source text that calls a serialised function with the background's
 * global object. Extension CSP forbids eval inside the extension, so the call
 * goes to the browser's debugging protocol as an expression instead.
 */
export function callSource<R, A>(fn: (background: typeof globalThis, arg: A) => R | Promise<R>, background: string, arg: A): string {
  return `(${fn.toString()})(${background}, ${JSON.stringify(arg) ?? 'undefined'})`;
}
