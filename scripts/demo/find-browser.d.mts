export function findBrowser(kind: 'chromium' | 'firefox', options?: { explicit?: string | null; pathEnv?: string }): string | null;
