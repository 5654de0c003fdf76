// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within, type RenderResult } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import type { SiteCheck } from '../../src/core/server-check';
import { DEFAULTS, type Settings, type WatchedDomain } from '../../src/core/settings-defaults';
import { exportSettings } from '../../src/core/settings-io';
import { formatTime } from '../../src/core/format';
import { App } from '../../src/options/app';
import { writeRecords } from '../../src/platform/records-store';
import { connectOptions } from '../../src/options/connector';
import type { OptionsActions, OptionsModel } from '../../src/options/options-model';
import { renderOptions, watched } from './fixtures';
import { pageLocale } from '../../src/ui/locale';
import { cookieRecordOf } from '../fakes/records';

afterEach(cleanup);

/** 2026-11-26 14:27:05 UTC. */
const AT = Date.UTC(2026, 10, 26, 14, 27, 5);
const time = (ms: number) => formatTime(ms, pageLocale());

const check = (fields: Partial<SiteCheck> = {}): SiteCheck => ({
  at: AT,
  result: 'signed-in',
  status: 200,
  redirected: false,
  by: 'user',
  ...fields,
});

function setup(domains: WatchedDomain[] = [watched('bank.test')], fields: Partial<OptionsModel> = {}) {
  return renderOptions({
    settings: { ...DEFAULTS, domains },
    fields,
    actions: {
      checkNow: vi.fn<NonNullable<OptionsActions['checkNow']>>(async () => ({ ok: true, check: check() })),
      requestIdlePermission: vi.fn<NonNullable<OptionsActions['requestIdlePermission']>>(async () => true),
    },
  });
}

const urlInput = (domain = 'bank.test') => screen.getByRole<HTMLInputElement>('textbox', { name: `Check URL on ${domain}` });
const loginInput = (domain = 'bank.test') =>
  screen.getByRole<HTMLInputElement>('textbox', { name: `Login page path of ${domain} (optional)` });
const keepSwitch = (domain = 'bank.test') =>
  screen.getByRole<HTMLInputElement>('switch', { name: `Keep the session of ${domain} alive while I work` });
const checkButton = (domain = 'bank.test') => screen.getByRole('button', { name: `Check ${domain} now` });
const pageStatus = () => document.querySelector('main > p[role="status"]')?.textContent;
const commit = (input: HTMLInputElement, value: string) =>
  act(async () => {
    fireEvent.input(input, { target: { value } });
    fireEvent.change(input);
  });

describe("a site's check URL", () => {
  it('saves a valid URL as it reads once normalised, and says so', async () => {
    const { actions, saved } = setup();
    await commit(urlInput(), '  https://Bank.test/api/me#top ');
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().domains[0]).toEqual(watched('bank.test', { checkUrl: 'https://bank.test/api/me' }));
    expect(urlInput().value).toBe('https://bank.test/api/me');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(pageStatus()).toBe('bank.test is checked at https://bank.test/api/me now.');
  });

  it('saves on Enter too, once', async () => {
    const { actions } = setup();
    fireEvent.input(urlInput(), { target: { value: 'https://bank.test/me' } });
    await act(async () => {
      fireEvent.submit(urlInput().form!);
    });
    await act(async () => {
      fireEvent.change(urlInput());
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
  });

  it.each([
    ['not a url', 'This is not a whole URL. Enter one such as https://example.com/api/me.'],
    ['ftp://bank.test/me', 'A check URL starts with https://, not ftp:.'],
    ['http://bank.test/me', 'Use https://. Only a server on this computer (localhost) may be checked over http.'],
    ['https://me:pw@bank.test/me', 'Leave the user name and password out of the check URL.'],
    ['https://evil.test/me', 'evil.test is another site. The check URL must be on the watched domain or one of its subdomains.'],
    [`https://bank.test/${'a'.repeat(2000)}`, 'The check URL is too long: at most 2000 characters.'],
  ])('refuses %s with its own reason and saves nothing', async (typed, message) => {
    const { actions } = setup();
    await commit(urlInput(), typed);
    expect(actions.updateSettings).not.toHaveBeenCalled();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(urlInput().getAttribute('aria-invalid')).toBe('true');
    expect(urlInput().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
  });

  it('shows a hostile host as text in the message', async () => {
    setup();
    await commit(urlInput(), 'https://<img src=x onerror=alert(1)>.test/');
    expect(document.querySelector('img')).toBeNull();
  });

  it('clears the URL and keep-alive when emptied, and says so', async () => {
    const { saved } = setup([watched('bank.test', { checkUrl: 'https://bank.test/me', keepAlive: true })]);
    await commit(urlInput(), '  ');
    expect(saved().domains[0]).toEqual(watched('bank.test'));
    expect(pageStatus()).toBe('No check URL is set for bank.test now.');
  });

  it('says in the summary what is checked and whether it is kept alive, for that domain only', () => {
    setup([watched('bank.test', { checkUrl: 'https://bank.test/me', keepAlive: true }), watched('shop.test')]);
    const summaries = [...document.querySelectorAll('.domain-check summary')].map((s) => s.textContent);
    expect(summaries).toEqual(['Checks https://bank.test/me · keeps alive', 'No server check']);
  });
});

describe("a site's login page path", () => {
  it('saves a path starting with /, and clears it when emptied', async () => {
    const { saved, reload } = setup();
    await commit(loginInput(), '/welcome');
    expect(saved().domains[0]).toEqual(watched('bank.test', { loginPath: '/welcome' }));
    expect(pageStatus()).toBe('The login page of bank.test is /welcome now.');
    reload();
    await commit(loginInput(), '');
    expect(saved().domains[0]).toEqual(watched('bank.test'));
  });

  it('refuses one that does not start with /', async () => {
    const { actions } = setup();
    await commit(loginInput(), 'welcome');
    expect(actions.updateSettings).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe(
      'Enter a path that starts with /, such as /welcome, of at most 200 characters, or leave it empty.',
    );
  });
});

describe('Check now', () => {
  const withUrl = [watched('bank.test', { checkUrl: 'https://bank.test/me' })];

  it('is offered only with a check URL', () => {
    setup();
    expect(screen.queryByRole('button', { name: 'Check bank.test now' })).toBeNull();
  });

  it.each([
    [check(), `Server: signed in, checked ${time(AT)}`],
    [check({ result: 'signed-out', status: 401 }), `Server: signed out (401), checked ${time(AT)}`],
    [check({ result: 'signed-out', status: 302, redirected: true }), `Server: signed out (302), checked ${time(AT)}`],
    [check({ result: 'unknown', status: 500 }), `Server: unclear (500), checked ${time(AT)}`],
    [check({ result: 'unknown', status: 0 }), `Server: no answer, checked ${time(AT)}`],
  ])('shows the last check: %#', (stored, text) => {
    setup(withUrl, { checks: { 'bank.test': stored } });
    expect(within(checkButton().parentElement!).getByRole('status').textContent).toBe(text);
  });

  it.each([
    ['no-access', 'Grant access to the site first: without its cookies a check proves nothing.'],
    ['busy', 'A check of this site is already under way.'],
    ['no-check-url', 'Set a check URL for this site first.'],
    ['not-watched', 'This site is not watched any more.'],
  ] as const)('says why it was refused: %s', async (error, text) => {
    const { actions } = setup(withUrl);
    actions.checkNow.mockResolvedValue({ ok: false, error });
    await act(async () => {
      fireEvent.click(checkButton());
    });
    expect(within(checkButton().parentElement!).getByRole('status').textContent).toBe(text);
  });

  it('says Checking… while it runs, then the check the worker stored', async () => {
    const first = { settings: { ...DEFAULTS, domains: withUrl }, access: { 'bank.test': true }, repaired: false };
    const { actions, view } = setup(withUrl, { checks: { 'bank.test': check({ result: 'signed-out', status: 403 }) } });
    const result = () => within(checkButton().parentElement!).getByRole('status').textContent;
    expect(result()).toBe(`Server: signed out (403), checked ${time(AT)}`);
    let answer: (value: Awaited<ReturnType<NonNullable<OptionsActions['checkNow']>>>) => void = () => {};
    actions.checkNow.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    await act(async () => {
      fireEvent.click(checkButton());
    });
    expect(result()).toBe('Checking…');
    expect(checkButton().getAttribute('aria-disabled')).toBe('true');
    expect(actions.checkNow).toHaveBeenCalledWith('bank.test');
    // The worker stores the check before it answers.
    view.rerender(<App model={{ ...first, checks: { 'bank.test': check({ at: AT + 60_000 }) } }} actions={actions} />);
    await act(async () => {
      answer({ ok: true, check: check({ at: AT + 60_000 }) });
    });
    expect(result()).toBe(`Server: signed in, checked ${time(AT + 60_000)}`);
    expect(checkButton().getAttribute('aria-disabled')).toBeNull();
  });
});

describe('keep-alive for a site', () => {
  it('is off and disabled without a check URL, and says why', () => {
    setup();
    expect(keepSwitch().disabled).toBe(true);
    expect(document.getElementById(keepSwitch().getAttribute('aria-describedby')!)?.textContent).toBe('Set a check URL to use keep-alive.');
  });

  it('asks for the idle permission first, then saves, and says that a check extends a sliding session but not a fixed one', async () => {
    const { actions, saved } = setup([watched('bank.test', { checkUrl: 'https://bank.test/me' })]);
    expect(document.getElementById(keepSwitch().getAttribute('aria-describedby')!)?.textContent).toBe(
      'Shortly before the session would end from inactivity, Session Watch requests the check URL, only while you are at the computer and within the limits below. A check on a sliding session extends it, as a visit does. ' +
        'It cannot help a session with a fixed end: a request cannot move a fixed expiry.',
    );
    await act(async () => {
      fireEvent.click(keepSwitch());
    });
    expect(actions.requestIdlePermission).toHaveBeenCalledOnce();
    expect(actions.requestIdlePermission.mock.invocationCallOrder[0]!).toBeLessThan(actions.updateSettings.mock.invocationCallOrder[0]!);
    expect(saved().domains[0]).toEqual(watched('bank.test', { checkUrl: 'https://bank.test/me', keepAlive: true }));
    expect(keepSwitch().checked).toBe(true);
    await waitFor(() => expect(pageStatus()).toBe('bank.test is kept alive while you work now.'));
  });

  it.each([
    [
      'a fixed end',
      { expiresAt: Date.now() + 3_600_000 },
      'Keep-alive cannot help bank.test now: its session has a fixed end, and a request cannot move a fixed expiry.',
    ],
    [
      'no known idle timeout',
      { expiresAt: null },
      'Keep-alive cannot help bank.test yet: its session lasts until the browser closes and no idle timeout is known. Set the idle timeout above.',
    ],
  ])("says why it cannot help the site's live session: %s", (_, fields, reason) => {
    const session = cookieRecordOf('sessionid', 'bank.test', {
      firstSeen: Date.now() - 60_000,
      lastRefreshed: Date.now() - 60_000,
      ...fields,
    });
    setup([watched('bank.test', { checkUrl: 'https://bank.test/me' })], { records: [session] });
    const hint = document.getElementById(keepSwitch().getAttribute('aria-describedby')!)?.textContent ?? '';
    expect(hint.endsWith(` ${reason}`)).toBe(true);
  });

  it('stays off, saving nothing, when the permission is refused, and says so', async () => {
    const { actions } = setup([watched('bank.test', { checkUrl: 'https://bank.test/me' })]);
    actions.requestIdlePermission.mockResolvedValue(false);
    await act(async () => {
      fireEvent.click(keepSwitch());
    });
    expect(actions.updateSettings).not.toHaveBeenCalled();
    expect(keepSwitch().checked).toBe(false);
    expect(screen.getByRole('alert').textContent).toBe('Keep-alive stays off: it needs permission to see whether you are at the computer.');
  });

  it('turns off without asking anything', async () => {
    const { actions, saved } = setup([watched('bank.test', { checkUrl: 'https://bank.test/me', keepAlive: true })]);
    await act(async () => {
      fireEvent.click(keepSwitch());
    });
    expect(actions.requestIdlePermission).not.toHaveBeenCalled();
    expect(saved().domains[0]).toEqual(watched('bank.test', { checkUrl: 'https://bank.test/me' }));
    await waitFor(() => expect(pageStatus()).toBe('bank.test is not kept alive now.'));
  });
});

describe('keep-alive limits', () => {
  const idle = () =>
    screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Stop keep-alive after the computer is idle for this many minutes' });
  const cap = () =>
    screen.getByRole<HTMLInputElement>('spinbutton', {
      name: 'Keep alive for at most this many minutes after your last activity on the site',
    });

  it('shows the defaults and the privacy promise', () => {
    setup();
    expect(idle().value).toBe('10');
    expect(cap().value).toBe('240');
    const section = screen.getByRole('region', { name: 'Checks and keep-alive' });
    expect(section.textContent).toContain(
      'Session Watch sends no request of its own except the checks and keep-alives you turn on, and only to the check URL you gave.',
    );
  });

  it('saves each, and refuses what is out of range with the range', async () => {
    const { saved, actions } = setup();
    await act(async () => {
      fireEvent.change(idle(), { target: { value: '5' } });
    });
    expect(saved().keepAliveIdleMinutes).toBe(5);
    expect(pageStatus()).toBe('Keep-alive stops after 5 min idle now.');
    await act(async () => {
      fireEvent.change(cap(), { target: { value: '721' } });
    });
    expect(screen.getByRole('alert').textContent).toBe('Enter from 1 to 720 minutes.');
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    await act(async () => {
      fireEvent.change(cap(), { target: { value: '60' } });
    });
    expect(saved().keepAliveCapMinutes).toBe(60);
    expect(pageStatus()).toBe('Keep-alive stops 60 min after your last activity now.');
  });
});

describe('in the page as wired', () => {
  it('shows the check URL of imported settings, the last stored check, and follows new checks', async () => {
    const imported: Settings = {
      ...DEFAULTS,
      domains: [watched('bank.test', { checkUrl: 'https://bank.test/api/me', loginPath: '/welcome', keepAlive: true })],
    };
    await browser.storage.sync.set({ settings: { ...DEFAULTS, domains: [watched('bank.test')] } });
    await browser.storage.session.set({ checks: { 'bank.test': check({ result: 'signed-out', status: 401 }) } });
    let view: RenderResult | null = null;
    const actions = connectOptions((model) => {
      const app = <App model={model} actions={actions} />;
      if (view) view.rerender(app);
      else view = render(app);
    });
    await waitFor(() => expect(urlInput().value).toBe(''));

    // An import saves the file's settings; the page shows them as they land.
    const file = new File([exportSettings(imported, AT)], 'settings.json', { type: 'application/json' });
    const field = screen.getByLabelText<HTMLInputElement>('Import settings…');
    Object.defineProperty(field, 'files', { value: [file], configurable: true });
    await act(async () => {
      fireEvent.change(field);
    });
    const question = await screen.findByRole('group', { name: 'Replace your settings with the ones in this file?' });
    await act(async () => {
      fireEvent.click(within(question).getByRole('button', { name: 'Import' }));
    });
    await waitFor(() => expect(urlInput().value).toBe('https://bank.test/api/me'));
    expect(loginInput().value).toBe('/welcome');
    expect(keepSwitch().checked).toBe(true);
    await waitFor(() =>
      expect(within(checkButton().parentElement!).getByRole('status').textContent).toBe(`Server: signed out (401), checked ${time(AT)}`),
    );

    await act(async () => {
      await browser.storage.session.set({ checks: { 'bank.test': check({ at: AT + 120_000 }) } });
    });
    await waitFor(() =>
      expect(within(checkButton().parentElement!).getByRole('status').textContent).toBe(`Server: signed in, checked ${time(AT + 120_000)}`),
    );
  });
});

describe('keep-alive in the page as wired', () => {
  it('reads the watched cookies to say why keep-alive cannot help, and follows a session that starts sliding', async () => {
    const now = Date.now();
    const fixed = cookieRecordOf('sessionid', 'bank.test', {
      expiresAt: now + 3_600_000,
      firstSeen: now - 60_000,
      lastRefreshed: now - 60_000,
    });
    await browser.storage.sync.set({ settings: { ...DEFAULTS, domains: [watched('bank.test', { checkUrl: 'https://bank.test/me' })] } });
    await writeRecords([fixed]);
    let view: RenderResult | null = null;
    const actions = connectOptions((model) => {
      const app = <App model={model} actions={actions} />;
      if (view) view.rerender(app);
      else view = render(app);
    });
    const hint = () => document.querySelector('[id="check-bank.test-keep-hint"]')?.textContent ?? '';
    await waitFor(() => expect(hint()).toContain('Keep-alive cannot help bank.test now'));
    await act(async () => {
      await writeRecords([{ ...fixed, expiresAt: now + 1_800_000, lastRefreshed: now, refreshes: 2, grantMs: 1_800_000 }]);
    });
    await waitFor(() => expect(hint()).not.toContain('Keep-alive cannot help'));
  });
});
