/**
 * `npm run package` makes what the stores take: zips that open, with the
 * manifest at the root, named with the version, and a source zip from which
 * the add-on builds again byte for byte (what an addons.mozilla.org reviewer does).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

async function openZip(path: string): Promise<JSZip> {
  return JSZip.loadAsync(await readFile(path));
}

function fileNames(zip: JSZip): string[] {
  return Object.values(zip.files)
    .filter((f) => !f.dir)
    .map((f) => f.name)
    .sort();
}

describe('npm run package', () => {
  let out: string;
  let printed: string;
  let version: string;
  const zipPath = (kind: string) => join(out, `session-watch-${kind}-${version}.zip`);

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'session-watch-package-'));
    version = (JSON.parse(await readFile(join(ROOT, 'manifest.json'), 'utf8')) as { version: string }).version;
    execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    printed = execFileSync(process.execPath, ['scripts/package.mjs', `--out=${out}`], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  }, 60_000);

  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('names the three zips with the version from manifest.json and lists what is in them', async () => {
    expect((await readdir(out)).sort()).toEqual(['chrome', 'firefox', 'source'].map((kind) => `session-watch-${kind}-${version}.zip`));
    expect(printed).toContain(`session-watch-chrome-${version}.zip  (Chrome Web Store;`);
    expect(printed).toContain(`session-watch-firefox-${version}.zip  (addons.mozilla.org;`);
    expect(printed).toMatch(/^ {4}manifest\.json$/m);
  });

  it.each([
    ['chrome', 'chrome'],
    ['firefox', 'firefox'],
  ])('the %s zip holds exactly dist/%s, with manifest.json at its root', async (kind, dist) => {
    const zip = await openZip(zipPath(kind));
    expect(fileNames(zip)).toEqual(await filesUnder(join(ROOT, 'dist', dist)));
    const manifest = JSON.parse((await zip.file('manifest.json')?.async('string')) ?? '{}') as Record<string, unknown>;
    expect(manifest.version).toBe(version);
    expect(manifest.manifest_version).toBe(3);
    // A store build asks for no site at install.
    expect(manifest.host_permissions).toBeUndefined();
    if (kind === 'firefox') expect(manifest).toHaveProperty('browser_specific_settings.gecko.id');
    else expect(manifest).toHaveProperty('background.service_worker');
  });

  it('the source zip holds every file git knows of, nothing built or installed, and the build note', async () => {
    const zip = await openZip(zipPath('source'));
    const names = fileNames(zip);
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const present = (await Promise.all(tracked.map(async (f) => ((await readFile(join(ROOT, f)).catch(() => null)) ? f : null)))).filter(
      (f): f is string => f !== null,
    );
    expect(names).toEqual([...present, 'BUILDING.md'].sort());
    for (const needed of ['package.json', 'package-lock.json', 'build.mjs', 'manifest.json', 'tsconfig.json'])
      expect(names).toContain(needed);
    expect(names.filter((n) => /^(node_modules|dist|artifacts)\//.test(n))).toEqual([]);
    expect(await zip.file('BUILDING.md')?.async('string')).toContain('npm ci && npm run build');
  });

  it('the add-on builds again from the source zip, file for file what the addons.mozilla.org zip holds', async () => {
    const work = await mkdtemp(join(tmpdir(), 'session-watch-source-'));
    try {
      const source = await openZip(zipPath('source'));
      for (const entry of Object.values(source.files)) {
        if (entry.dir) continue;
        await mkdir(dirname(join(work, entry.name)), { recursive: true });
        await writeFile(join(work, entry.name), await entry.async('nodebuffer'));
      }
      // What `npm ci` would install, without the network.
      await symlink(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
      execFileSync(process.execPath, ['build.mjs'], { cwd: work, stdio: 'pipe' });

      const addon = await openZip(zipPath('firefox'));
      expect(await filesUnder(join(work, 'dist', 'firefox'))).toEqual(fileNames(addon));
      for (const name of fileNames(addon)) {
        const rebuilt = await readFile(join(work, 'dist', 'firefox', name));
        expect(Buffer.compare(rebuilt, (await addon.file(name)?.async('nodebuffer')) ?? Buffer.alloc(0)), name).toBe(0);
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }, 30_000);
});
