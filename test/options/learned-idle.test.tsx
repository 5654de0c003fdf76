// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within, type RenderResult } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import type { IdleBounds, IdleBoundsLog } from '../../src/core/idle-bounds';
import { originsFor } from '../../src/core/origins';
import { DEFAULTS, type Settings } from '../../src/core/settings-defaults';
import { App } from '../../src/options/app';
import { connectOptions } from '../../src/options/connector';
import { learnedFor } from '../../src/options/learned-idle';
import type { OptionsActions, OptionsModel } from '../../src/options/options-model';
import { fakePermissions } from '../fakes/browser';
import { watched } from './fixtures';

afterEach(cleanup);

const bounds = (survivedMs: number, endedMs: number | null, sessions: number): IdleBounds => ({
  survivedMs,
  endedMs,
  sessions,
  lastSession: 1_700_000_000_000,
});

const DOMAINS = [watched('example.com'), watched('example.org')];

function setup(learned: IdleBoundsLog | undefined) {
  const settings: Settings = { ...DEFAULTS, domains: DOMAINS };
  const model: OptionsModel = {
    settings,
    access: { 'example.com': true, 'example.org': true },
    repaired: false,
    ...(learned && { learned }),
  };
  const actions = {
    requestOrigins: vi.fn<OptionsActions['requestOrigins']>(async () => true),
    updateSettings: vi.fn<OptionsActions['updateSettings']>(async () => settings),
    rescan: vi.fn<OptionsActions['rescan']>(async () => ({ watched: 2 })),
    resetLearned: vi.fn<NonNullable<OptionsActions['resetLearned']>>(async () => {}),
  } satisfies OptionsActions;
  const view = render(<App model={model} actions={actions} />);
  const relearn = (next: IdleBoundsLog) => view.rerender(<App model={{ ...model, learned: next }} actions={actions} />);
  return { actions, relearn };
}

/** The list item of a domain, as the list names it. */
const item = (domain: string) =>
  within(screen.getByRole('list', { name: 'Watched domains' }))
    .getAllByRole('listitem')
    .find((li) => within(li).queryByRole('button', { name: `Remove ${domain}` }))!;
const learnedLine = (domain: string) => within(item(domain)).queryByText(/^Learned: /);
const resetButton = (domain: string) => within(item(domain)).queryByRole('button', { name: `Forget what was learned about ${domain}` });

describe('what was learned of a site’s idle timeout', () => {
  it('shows under the idle timeout of the right domain only', () => {
    setup({ 'example.org|PHPSESSID': bounds(19_000, 22_000, 2) });
    expect(learnedLine('example.org')?.textContent).toBe('Learned: PHPSESSID 19 s–22 s (2 sessions)');
    expect(learnedLine('example.com')).toBeNull();
    expect(resetButton('example.com')).toBeNull();
    expect(resetButton('example.org')?.textContent).toBe('Forget what was learned');
    // Right after the field it qualifies.
    const field = within(item('example.org')).getByRole('spinbutton', { name: 'Idle timeout of example.org (minutes)' });
    expect(field.compareDocumentPosition(learnedLine('example.org')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it.each([
    ['both bounds as a range', bounds(19_000, 22_000, 2), 'Learned: SID 19 s–22 s (2 sessions)'],
    ['only a gap that ended a session as at most', bounds(0, 27_000, 1), 'Learned: SID ≤ 27 s (1 session)'],
    ['only gaps survived as over', bounds(22_000, null, 3), 'Learned: SID over 22 s (3 sessions)'],
    ['minutes as minutes', bounds(20 * 60_000, 24 * 60_000 + 30_000, 12), 'Learned: SID 20 m–24 m 30 s (12 sessions)'],
  ])('says %s', (_, learned, text) => {
    setup({ 'example.com|SID': learned });
    expect(learnedLine('example.com')?.textContent).toBe(text);
  });

  it('lists each cookie name learned for the domain, in one line', () => {
    setup({ 'example.com|PHPSESSID': bounds(19_000, 22_000, 2), 'example.com|JSESSIONID': bounds(0, 30_000, 1) });
    expect(learnedLine('example.com')?.textContent).toBe('Learned: JSESSIONID ≤ 30 s (1 session), PHPSESSID 19 s–22 s (2 sessions)');
    expect(within(item('example.com')).getAllByRole('button', { name: /^Forget what was learned/ })).toHaveLength(1);
  });

  it.each([
    ['nothing was read yet', undefined],
    ['nothing was learned', {}],
    ['the only bounds say nothing yet', { 'example.com|SID': bounds(0, null, 1) }],
    ['only a parent domain learned something', { 'com|SID': bounds(0, 5_000, 1), 'www.example.com|SID': bounds(0, 5_000, 1) }],
  ])('shows nothing when %s', (_, learned) => {
    setup(learned);
    expect(screen.queryByText(/^Learned: /)).toBeNull();
    expect(screen.queryByRole('button', { name: /^Forget what was learned/ })).toBeNull();
  });

  it('forgets on request, then the line goes when the stored bounds change', async () => {
    const learned = { 'example.com|SID': bounds(0, 27_000, 1), 'example.org|SID': bounds(0, 5_000, 1) };
    const { actions, relearn } = setup(learned);
    await act(async () => {
      fireEvent.click(resetButton('example.com')!);
    });
    expect(actions.resetLearned).toHaveBeenCalledExactlyOnceWith('example.com');
    expect(screen.getByRole('status').textContent).toBe('Forgot what was learned about example.com.');
    expect(document.activeElement).toBe(within(item('example.com')).getByRole('spinbutton', { name: /^Idle timeout/ }));

    relearn({ 'example.org|SID': learned['example.org|SID'] });
    expect(learnedLine('example.com')).toBeNull();
    expect(resetButton('example.com')).toBeNull();
    expect(learnedLine('example.org')?.textContent).toBe('Learned: SID ≤ 5 s (1 session)');
  });

  it('says so when forgetting failed, and keeps the line', async () => {
    const { actions } = setup({ 'example.com|SID': bounds(0, 27_000, 1) });
    actions.resetLearned.mockRejectedValue(new Error('quota'));
    await act(async () => {
      fireEvent.click(resetButton('example.com')!);
    });
    expect(screen.getByRole('alert').textContent).toBeTruthy();
    expect(learnedLine('example.com')).not.toBeNull();
  });

  it('shows a hostile cookie name as text', () => {
    const name = '<img src=x onerror="alert(1)">\u202Egnp.exe';
    setup({ [`example.com|${name}`]: bounds(0, 27_000, 1) });
    expect(learnedLine('example.com')?.textContent).toBe(`Learned: ${name} ≤ 27 s (1 session)`);
    expect(document.querySelector('img')).toBeNull();
  });

  it('explains, beside the declared timeout, what counts when none is declared', () => {
    setup(undefined);
    const field = within(item('example.com')).getByRole('spinbutton', { name: 'Idle timeout of example.com (minutes)' });
    const hint = document.getElementById(field.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toContain(
      "With nothing declared, Session Watch counts to what it learned, or to the framework's typical default (PHP 24 min, Java 30 min, ASP.NET 20 min…), labelled as such in the popup.",
    );
  });
});

describe('the learned bounds of a domain', () => {
  it('are those of its own key, a cookie name holding "|" included', () => {
    const b = bounds(0, 1000, 1);
    expect(learnedFor({ 'a.com|x|y': b, 'b.a.com|x': b, 'a.com|SID': b }, 'a.com')).toEqual([
      { name: 'SID', bounds: b },
      { name: 'x|y', bounds: b },
    ]);
  });
});

describe('in the page as wired', () => {
  it('reads the learned bounds, follows their changes, and forgets one domain only', async () => {
    await browser.storage.sync.set({ settings: { ...DEFAULTS, domains: DOMAINS } });
    fakePermissions.grantAtInstall(DOMAINS.flatMap((w) => originsFor(w)));
    await browser.storage.local.set({ idleBounds: { 'example.com|SID': bounds(19_000, 22_000, 2) } });
    let view: RenderResult | null = null;
    const actions = connectOptions((model) => {
      const app = <App model={model} actions={actions} />;
      if (view) view.rerender(app);
      else view = render(app);
    });
    await waitFor(() => expect(learnedLine('example.com')?.textContent).toBe('Learned: SID 19 s–22 s (2 sessions)'));

    // The worker learns something more meanwhile.
    await act(async () => {
      await browser.storage.local.set({
        idleBounds: { 'example.com|SID': bounds(19_000, 22_000, 2), 'example.org|JSESSIONID': bounds(0, 40_000, 1) },
      });
    });
    await waitFor(() => expect(learnedLine('example.org')?.textContent).toBe('Learned: JSESSIONID ≤ 40 s (1 session)'));

    await act(async () => {
      fireEvent.click(resetButton('example.com')!);
    });
    await waitFor(() => expect(learnedLine('example.com')).toBeNull());
    expect(learnedLine('example.org')).not.toBeNull();
    expect((await browser.storage.local.get('idleBounds')).idleBounds).toEqual({ 'example.org|JSESSIONID': bounds(0, 40_000, 1) });
  });
});
