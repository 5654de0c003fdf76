export interface DemoSession {
  readonly name: string;
  /** Max-Age or expires, in seconds; null for a browser-session cookie. */
  readonly seconds: number | null;
  issue(now: number): string;
}
export const DEMO_SESSIONS: {
  readonly django: DemoSession;
  readonly short: DemoSession;
  readonly sliding: DemoSession;
  readonly browser: DemoSession;
  readonly jwt: DemoSession;
};
export function unsignedJwt(now: number, tokenSeconds: number): string;
export function deletion(name: string): string;
