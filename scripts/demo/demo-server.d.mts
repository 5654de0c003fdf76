export interface DemoServer {
  readonly port: number;
  /** "http://127.0.0.1:<port>/" */
  readonly url: string;
  /** What /extension.json tells the page: where the popup is. */
  setExtension(info: { browser: string; popupUrl: string }): void;
  close(): Promise<void>;
}
export function redactValue(header: string): string;
export function startDemoServer(options?: { port?: number; log?: (line: string) => void }): Promise<DemoServer>;
