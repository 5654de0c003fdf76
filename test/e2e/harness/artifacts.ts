/**
 * What a failing browser test leaves behind under test-results/e2e/: a
 * screenshot and the DOM of every open tab, the console of the pages and the
 * background, and the fixture server's request log.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Driver } from './driver';
import type { SessionServer } from '../server/session-server';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const RESULTS_DIR = join(ROOT, 'test-results', 'e2e');

function slug(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'test'
  );
}

export async function saveFailureArtifacts(
  driver: Driver | undefined,
  server: SessionServer | undefined,
  file: string,
  testName: string,
): Promise<string[]> {
  const dir = join(RESULTS_DIR, driver?.name ?? 'no-browser', `${slug(file)}--${slug(testName)}`);
  await mkdir(dir, { recursive: true });
  const saved: string[] = [];
  const save = async (name: string, body: string) => {
    const path = join(dir, name);
    await writeFile(path, body);
    saved.push(path);
  };
  for (const tab of driver?.tabs() ?? []) {
    const png = join(dir, `${slug(tab.label)}.png`);
    try {
      await tab.screenshot(png);
      saved.push(png);
    } catch (err) {
      await save(`${slug(tab.label)}.screenshot-error.txt`, String(err));
    }
    try {
      const html = await tab.evaluate(() => `<!-- ${location.href} -->\n${document.documentElement.outerHTML}`, null);
      await save(`${slug(tab.label)}.html`, html);
    } catch (err) {
      await save(`${slug(tab.label)}.dom-error.txt`, String(err));
    }
  }
  if (driver) {
    await save('console.txt', driver.consoleLines().join('\n') + '\n');
    await save('extension-requests.json', JSON.stringify(await driver.extensionRequests().catch((err: unknown) => String(err)), null, 2));
  }
  if (server) {
    await save('server-requests.json', JSON.stringify(server.requests(), null, 2));
    await save('sink-requests.json', JSON.stringify(server.sink.requests(), null, 2));
  }
  console.error(`[e2e] ${driver?.name ?? ''} "${testName}" failed; artifacts:\n${saved.map((p) => `  ${relative(ROOT, p)}`).join('\n')}`);
  return saved;
}
