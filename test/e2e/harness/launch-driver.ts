import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from './chromium-driver';
import type { BrowserName, ColorScheme, Driver } from './driver';
import { launchFirefox } from './firefox-driver';

/** dist/ of the repository, or E2E_DIST to test another build. */
const DIST = resolve(process.env.E2E_DIST ?? join(import.meta.dirname, '..', '..', '..', 'dist'));

export function extensionDir(name: BrowserName): string {
  const dir = join(DIST, name === 'chromium' ? 'chrome-test' : 'firefox-test');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir}/manifest.json is missing: run \`node build.mjs --test-hosts\` first`);
  }
  return dir;
}

export function launchDriver(name: BrowserName, sinkPort: number, launch: { colorScheme?: ColorScheme } = {}): Promise<Driver> {
  const options = { extensionDir: extensionDir(name), sinkPort, ...launch };
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}
