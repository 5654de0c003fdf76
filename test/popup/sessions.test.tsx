// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { withMark } from '../../src/core/settings';
import type { Settings } from '../../src/core/settings-defaults';
import type { CookieRecord } from '../../src/core/types';
import { App } from '../../src/popup/app';
import { createClock } from '../../src/ui/clock';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

afterEach(cleanup);

const stopped = createClock(() => NOW);

/** The popup over settings that the actions really change, as storage and its change event would. */
function live(records: CookieRecord[], initial: Settings) {
  let settings = initial;
  const actions = fakeActions();
  const view = render(<App model={model({ records, settings })} actions={actions} clock={stopped} />);
  // As the worker applies them (handlers.ts), and the settings' change event brings them back.
  const apply = (next: Settings) => {
    settings = next;
    view.rerender(<App model={model({ records, settings })} actions={actions} clock={stopped} />);
  };
  actions.setShowAll.mockImplementation(async (on) => apply({ ...settings, showAllCookies: on }));
  actions.setMark.mockImplementation(async (domain, name, mark) => apply(withMark(settings, domain, name, mark)));
  return { actions, saved: () => settings };
}

const names = () =>
  [...document.querySelectorAll<HTMLElement>('tbody tr[data-id]')].map((tr) => tr.querySelector('.cookie-name')?.textContent);
const showAll = () => screen.getByRole<HTMLInputElement>('switch', { name: 'Show all cookies' });
const markButton = (name: string) => screen.getByRole('button', { name: `Mark ${name} as the session` });
const click = (element: HTMLElement) =>
  act(async () => {
    fireEvent.click(element);
  });

const sessionsOnly = settingsWith([watched('example.test')], 2, { showAllCookies: false });
const records = [
  record('sessionid', 'example.test'),
  record('theme', 'example.test', { httpOnly: false, expiresAt: NOW + 400_000 }),
  record('_ga', 'example.test', { httpOnly: false, expiresAt: NOW + 500_000 }),
];

describe('which cookie is the session', () => {
  it('lists only session cookies by default and says how many others there are', () => {
    live(records, sessionsOnly);
    expect(names()).toEqual(['sessionid']);
    expect(showAll().checked).toBe(false);
    expect(screen.getByText('Other cookies hidden: 2')).toBeTruthy();
  });

  it('"Show all cookies" reveals the others and is saved', async () => {
    const { actions, saved } = live(records, sessionsOnly);
    await click(showAll());
    expect(actions.setShowAll.mock.calls).toEqual([[true]]);
    expect(saved().showAllCookies).toBe(true);
    expect(names()).toEqual(['sessionid', 'theme', '_ga']);
    expect(screen.queryByText(/Other cookies hidden/)).toBeNull();
    await click(showAll());
    expect(saved().showAllCookies).toBe(false);
    expect(names()).toEqual(['sessionid']);
  });

  it('puts the switch back and says so when it could not be saved', async () => {
    const { actions } = live(records, sessionsOnly);
    actions.setShowAll.mockRejectedValueOnce(new Error('quota'));
    await click(showAll());
    expect(showAll().checked).toBe(false);
    expect(screen.getByRole('alert').textContent).toBe('Session Watch could not do that. Close this window and try again.');
  });

  it('shows a session cookie as marked and a non-session one as not', () => {
    live(records, settingsWith([watched('example.test')]));
    expect(markButton('sessionid').getAttribute('aria-pressed')).toBe('true');
    expect(markButton('theme').getAttribute('aria-pressed')).toBe('false');
  });

  it('marking a non-session cookie as the session saves the mark and keeps it listed with the switch off', async () => {
    const { actions, saved } = live(records, settingsWith([watched('example.test')]));
    await click(markButton('theme'));
    expect(actions.setMark.mock.calls).toEqual([['example.test', 'theme', true]]);
    expect(saved().domains[0]!.marks).toEqual({ theme: true });
    expect(markButton('theme').getAttribute('aria-pressed')).toBe('true');

    await click(showAll());
    expect(saved().showAllCookies).toBe(false);
    expect(names()).toEqual(['sessionid', 'theme']);
  });

  it('unmarking removes the mark again, and the cookie goes back to being hidden', async () => {
    const marked = settingsWith([{ ...watched('example.test'), marks: { theme: true } }], 2, { showAllCookies: false });
    const { saved } = live(records, marked);
    expect(names()).toEqual(['sessionid', 'theme']);
    await click(markButton('theme'));
    expect(saved().domains[0]!.marks).toBeUndefined();
    expect(names()).toEqual(['sessionid']);
  });

  it('a session cookie unmarked is marked as not the session and hidden, until marked again', async () => {
    const { saved } = live(records, sessionsOnly);
    await click(markButton('sessionid'));
    expect(saved().domains[0]!.marks).toEqual({ sessionid: false });
    expect(names()).toEqual([]);
    expect(screen.getByText('No session cookies yet')).toBeTruthy();
    expect(screen.getByText('Other cookies hidden: 3')).toBeTruthy();

    await click(showAll());
    await click(markButton('sessionid'));
    expect(saved().domains[0]!.marks).toBeUndefined();
  });

  it('keeps marks per site: the same name elsewhere is unaffected', () => {
    const settings = settingsWith([{ ...watched('example.test'), marks: { theme: true } }, watched('other.test')], 2, {
      showAllCookies: false,
    });
    const theirs = record('theme', 'other.test', { httpOnly: false });
    live([...records, theirs], settings);
    const rows = [...document.querySelectorAll<HTMLElement>('tbody tr[data-id]')].map((tr) => tr.dataset.id);
    expect(rows).toContain(records[1]!.id);
    expect(rows).not.toContain(theirs.id);
  });

  it('reads a mark only from the site\'s own marks, even for a name like "constructor"', () => {
    const settings = settingsWith([{ ...watched('example.test'), marks: { theme: true } }], 2, { showAllCookies: false });
    live([record('constructor', 'example.test', { httpOnly: false })], settings);
    expect(names()).toEqual([]);
  });

  it('shows the framework as a label on the cookie cell, and nothing for an unknown name', () => {
    live(
      [record('PHPSESSID', 'example.test'), record('theme', 'example.test', { httpOnly: false })],
      settingsWith([watched('example.test')]),
    );
    const cookieCells = [...document.querySelectorAll<HTMLElement>('tbody tr[data-id]')].map((tr) => within(tr).getAllByRole('cell')[1]!);
    expect(cookieCells.map((c) => c.textContent)).toEqual(['PHPSESSID PHP', 'theme']);
  });

  it("keeps a hostile name as text in the toggle's name too", () => {
    const name = '<img src=x onerror=alert(1)>';
    const { container } = render(
      <App model={model({ records: [record(name, 'example.test')] })} actions={fakeActions()} clock={stopped} />,
    );
    expect(markButton(name)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('the history', () => {
  it('opens from the popup in a tab of its own', () => {
    render(<App model={model()} actions={fakeActions()} clock={stopped} />);
    const link = screen.getByRole('link', { name: 'History' });
    expect(link.getAttribute('href')).toBe('history.html');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});
