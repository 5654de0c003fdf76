import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SERVER_DEFAULT_SOURCES } from '../../src/core/server-default-sources';
import { serverDefaults } from '../../src/core/server-defaults';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** The rows of the README's table of framework defaults: cookie -> the row's cells. */
function tableRows(): Map<string, string[]> {
  const section = README.slice(README.indexOf('## Server idle timeouts'), README.indexOf('## What it cannot know'));
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const cookie = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (cookie) rows.set(cookie, cells.slice(1, -1));
  }
  return rows;
}

describe("the README's table of server idle defaults", () => {
  it('cites a source for every default, and for nothing else', () => {
    expect(Object.keys(SERVER_DEFAULT_SOURCES).sort()).toEqual(
      serverDefaults()
        .map(([name]) => name)
        .sort(),
    );
  });

  it('lists every default the code uses, and nothing else', () => {
    expect([...tableRows().keys()].sort()).toEqual(
      serverDefaults()
        .map(([name]) => name)
        .sort(),
    );
  });

  it.each(serverDefaults())('%s: the same minutes, setting and source as the code', (name, d) => {
    const [, framework, minutes, setting, source] = tableRows().get(name) ?? [];
    expect(framework).toContain(d.framework.split(' ')[0]);
    expect(minutes).toMatch(new RegExp(`^${d.idleMs / 60_000} min`));
    const cited = SERVER_DEFAULT_SOURCES[name];
    expect(setting?.replace(/`/g, '')).toBe(cited?.setting);
    expect(source).toContain(`(${cited?.source})`);
  });
});
