// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within, type RenderResult } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { originsFor } from '../../src/core/origins';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';
import { exportSettings, importSettings } from '../../src/core/settings-io';
import { App } from '../../src/options/app';
import { connectOptions } from '../../src/options/connector';
import { DomainForm } from '../../src/options/domain-form';
import type { OptionsActions, OptionsModel } from '../../src/options/options-model';
import { renderOptions, watched } from './fixtures';
import { readFileText } from '../../src/options/read-file-text';
import { fakePermissions } from '../fakes/browser';

/** Midday, so the file's date is the 26th in every time zone the tests may run in. */
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const clock = { now: () => NOW };

const current: Settings = { ...DEFAULTS, domains: [watched('example.com')] };
const imported: Settings = {
  ...DEFAULTS,
  leadMinutes: 5,
  notifyEnded: false,
  domains: [
    watched('app.example.org', { site: 'example.org', leadMinutes: 10, idleMinutes: 15, marks: { sid: true } }),
    watched('shop.example.net', { site: 'example.net', warnings: false }),
  ],
};

function setup(fields: Partial<OptionsModel> = {}) {
  return renderOptions({ settings: fields.settings ?? current, access: { 'example.com': true }, fields, clock });
}

const importField = () => screen.getByLabelText<HTMLInputElement>('Import settings…');

/** Chooses a file in the import field, as the file picker would, and waits until the page has read it. */
async function choose(file: File) {
  const input = importField();
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    fireEvent.change(input);
  });
  await waitFor(() => expect(document.querySelector('#import-error, .import-confirm')).not.toBeNull());
  // Runs the effects of the render that showed the answer (the question takes the keyboard).
  await act(async () => {});
}

const jsonFile = (text: string, name = 'session-watch-settings.json') => new File([text], name, { type: 'application/json' });
const settingsFile = (inner: unknown, extra: Record<string, unknown> = {}) =>
  jsonFile(JSON.stringify({ format: 'session-watch-settings', version: 1, settings: inner, ...extra }));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('exporting the settings', () => {
  let downloads: { name: string; blob: Blob }[];
  beforeEach(() => {
    downloads = [];
    const blobs = new Map<string, Blob>();
    // jsdom has no Blob URLs and does not follow download links.
    URL.createObjectURL = vi.fn((blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, blob: blobs.get(this.href)! });
    });
  });

  it('downloads a dated JSON file that imports back to exactly the settings in use', async () => {
    setup({ settings: imported, access: {} });
    fireEvent.click(screen.getByRole('button', { name: 'Export settings' }));
    expect(downloads.map((d) => d.name)).toEqual(['session-watch-settings-2026-11-26.json']);
    const blob = downloads[0]!.blob;
    expect(blob.type).toBe('application/json');
    const text = await readFileText(blob);
    expect(text).toBe(exportSettings(imported, NOW));
    expect(importSettings(text, blob.size)).toEqual({ ok: true, settings: imported });
    expect(screen.getByRole('status').textContent).toBe('Settings exported to session-watch-settings-2026-11-26.json.');
  });
});

describe('importing settings', () => {
  it('offers a file field for JSON files, with a visible label', () => {
    setup();
    const input = importField();
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.json,application/json');
    expect(document.querySelector('label[for="settings-import"]')?.textContent).toBe('Import settings…');
  });

  // Short entries, so 100,000 of them stay under the 1 MB limit and the count is what refuses them.
  const manyDomains = Array.from({ length: 100_000 }, (_, i) => `${i.toString(36)}.io`);
  it.each([
    ['an empty file', jsonFile(''), 'This file is empty. Choose a file saved with Export settings.'],
    [
      'a truncated file',
      jsonFile(exportSettings(imported, NOW).slice(0, 60)),
      /^This file is damaged or cut short: it is not valid JSON \(.+\)\.$/,
    ],
    ['a file that is not JSON', jsonFile('domains: example.com'), /^This file is damaged or cut short: it is not valid JSON \(.+\)\.$/],
    [
      'another program’s JSON',
      jsonFile('{"leadMinutes": 2}'),
      'This is not a Session Watch settings file. Choose a file saved with Export settings.',
    ],
    [
      'a file from a newer version',
      settingsFile({}, { version: 2 }),
      'This file was saved by a newer version of Session Watch (file version 2). Update Session Watch, then import it again.',
    ],
    [
      'a __proto__ key',
      jsonFile('{"format":"session-watch-settings","version":1,"settings":{"__proto__":{"leadMinutes":1}}}'),
      'This file contains the key “__proto__”, which a settings file never has, so it was refused.',
    ],
    [
      'a constructor key',
      settingsFile({ domains: [], constructor: 'Object' }),
      'This file contains the key “constructor”, which a settings file never has, so it was refused.',
    ],
    [
      '100,000 domains',
      settingsFile({ domains: manyDomains }),
      'This file lists more than 500 sites, the most Session Watch can keep in sync storage.',
    ],
    [
      'a wrongly typed lead',
      settingsFile({ leadMinutes: 'two' }),
      'This file has a value that is not valid: leadMinutes: expected a whole number from 1 to 1440 ("two").',
    ],
    ['a public suffix', settingsFile({ domains: [watched('co.uk')] }), '“co.uk” in this file is not a site Session Watch can watch.'],
    [
      'a site that is not the registrable domain',
      settingsFile({ domains: [watched('app.example.com')] }),
      '“app.example.com” in this file is not a site Session Watch can watch.',
    ],
  ])('refuses %s with what is wrong and changes nothing', async (_name, file, message) => {
    const { actions } = setup();
    await choose(file);
    const alert = await screen.findByRole('alert');
    const [reason, unchanged] = [
      alert.textContent.replace(/ Your settings were not changed\.$/, ''),
      alert.textContent.endsWith(' Your settings were not changed.'),
    ];
    if (typeof message === 'string') expect(reason).toBe(message);
    else expect(reason).toMatch(message);
    expect(unchanged).toBe(true);
    expect(importField().getAttribute('aria-invalid')).toBe('true');
    expect(importField().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(actions.updateSettings).not.toHaveBeenCalled();
    expect(within(screen.getByRole('list', { name: 'Watched domains' })).getAllByRole('listitem')).toHaveLength(1);
  });

  it('refuses a file over 1 MB by its size, without reading it', async () => {
    const { actions } = setup();
    const read = vi.spyOn(FileReader.prototype, 'readAsText');
    const file = jsonFile(exportSettings(imported, NOW));
    Object.defineProperty(file, 'size', { value: 1_000_001 });
    await choose(file);
    expect(screen.getByRole('alert').textContent).toBe(
      'This file is too large to be a settings file: the limit is 1 MB. Your settings were not changed.',
    );
    expect(read).not.toHaveBeenCalled();
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it('says what a valid file will change, then saves exactly its settings on Import', async () => {
    const { actions, saved } = setup();
    await choose(jsonFile(exportSettings(imported, NOW)));
    const question = await screen.findByRole('group', { name: 'Replace your settings with the ones in this file?' });
    expect(
      within(question)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Watched sites: 2 (now 1)', 'Sites added: 2 · sites removed: 1', 'Warning lead: 5 min (now 2 min)']);
    // The question takes the keyboard, so it is read out.
    expect(document.activeElement).toBe(question);
    expect(actions.updateSettings).not.toHaveBeenCalled();

    await act(async () => {
      fireEvent.click(within(question).getByRole('button', { name: 'Import' }));
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved()).toEqual(imported);
    expect(screen.queryByRole('group', { name: 'Replace your settings with the ones in this file?' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Settings imported. Watched sites: 2.');
  });

  it('changes nothing on Cancel', async () => {
    const { actions, saved } = setup();
    await choose(jsonFile(exportSettings(imported, NOW)));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(actions.updateSettings).not.toHaveBeenCalled();
    expect(saved()).toBe(current);
    expect(screen.getByRole('status').textContent).toBe('Nothing was imported.');
    expect(document.activeElement).toBe(importField());
  });

  it('forgets a valid file when a bad one is chosen after it', async () => {
    const { actions } = setup();
    await choose(jsonFile(exportSettings(imported, NOW)));
    expect(await screen.findByRole('button', { name: 'Import' })).toBeTruthy();
    await choose(jsonFile(''));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Import' })).toBeNull();
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it('keeps the question and says so when the settings could not be saved', async () => {
    const { actions } = setup();
    actions.updateSettings.mockRejectedValueOnce(new Error('quota'));
    await choose(jsonFile(exportSettings(imported, NOW)));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('Your change could not be saved. Try again. Your settings were not changed.');
    expect(screen.getByRole('button', { name: 'Import' })).toBeTruthy();
  });
});

describe('access after an import', () => {
  it('asks for every origin of the sites that need access in one request, first in the click', async () => {
    const a = watched('example.com');
    const b = watched('app.example.org', { site: 'example.org' });
    const c = watched('shop.example.org', { site: 'example.org' });
    const { actions } = setup({
      settings: { ...DEFAULTS, domains: [a, b, c] },
      access: { 'example.com': true, 'app.example.org': false, 'shop.example.org': false },
    });
    expect(screen.getByText('Sites that need access: 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Grant access to all' }));
    // Synchronously in the click: the permission prompt needs its user gesture.
    expect(actions.requestOrigins).toHaveBeenCalledOnce();
    expect(actions.requestOrigins).toHaveBeenCalledWith([...new Set([...originsFor(b), ...originsFor(c)])]);
    expect(actions.requestOrigins.mock.calls[0]![0]).toEqual([
      '*://app.example.org/*',
      '*://*.app.example.org/*',
      '*://example.org/*',
      '*://shop.example.org/*',
      '*://*.shop.example.org/*',
    ]);
    await act(async () => {});
    expect(actions.rescan).toHaveBeenCalledOnce();
  });

  it('is not offered while at most one site needs access', () => {
    setup({
      settings: { ...DEFAULTS, domains: [watched('example.com'), watched('example.org')] },
      access: { 'example.com': true, 'example.org': false },
    });
    expect(screen.queryByRole('button', { name: 'Grant access to all' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Grant access' })).toBeTruthy();
  });

  it('in the page as wired: the imported sites show Access needed, and one prompt grants them all', async () => {
    await browser.storage.sync.set({ settings: current });
    fakePermissions.grantAtInstall(originsFor(watched('example.com')));
    let view: RenderResult | null = null;
    const actions = connectOptions((model) => {
      const app = <App model={model} actions={actions} clock={clock} />;
      if (view) view.rerender(app);
      else view = render(app);
    });
    await screen.findByText('Access granted');

    await choose(jsonFile(exportSettings(imported, NOW)));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: 'Import' }));
    });
    const list = screen.getByRole('list', { name: 'Watched domains' });
    await waitFor(() => expect(within(list).getAllByText('Access needed')).toHaveLength(2));
    expect((await browser.storage.sync.get('settings')).settings).toEqual(imported);

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Grant access to all' }));
    });
    expect(fakePermissions.requests()).toEqual([[...originsFor(imported.domains[0]!), ...originsFor(imported.domains[1]!)]]);
    await waitFor(() => expect(within(list).getAllByText('Access granted')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Grant access to all' })).toBeNull();
  });
});

describe('the most sites Session Watch can keep', () => {
  // The form alone: 500 domains in the whole page are slow to render in jsdom and add nothing here.
  function form(count: number) {
    const existing = Array.from({ length: count }, (_, i) => `site${i}.com`);
    const actions = {
      requestOrigins: vi.fn<OptionsActions['requestOrigins']>(async () => true),
      updateSettings: vi.fn<OptionsActions['updateSettings']>(async (change) =>
        change({ ...DEFAULTS, domains: existing.map((d) => watched(d)) }),
      ),
    };
    render(<DomainForm existing={existing} actions={actions} onStatus={() => {}} />);
    return actions;
  }
  const add = async (domain: string) => {
    fireEvent.input(screen.getByRole('textbox', { name: 'Domain' }), { target: { value: domain } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
  };

  it('refuses the 501st domain with the limit, before asking for access or saving', async () => {
    const actions = form(500);
    await add('example.org');
    const input = screen.getByRole<HTMLInputElement>('textbox', { name: 'Domain' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('You watch 500 sites, the most Session Watch can keep in sync storage. Remove one to add another.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(input.value).toBe('example.org');
    expect(actions.requestOrigins).not.toHaveBeenCalled();
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it('still adds the 500th', async () => {
    const actions = form(499);
    await add('example.org');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    const [saved] = actions.updateSettings.mock.results;
    if (saved?.type !== 'return') throw new Error('updateSettings did not return');
    expect((await saved.value).domains).toHaveLength(500);
  });
});
