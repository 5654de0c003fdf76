// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULTS, type WatchedDomain } from '../../src/core/settings-defaults';
import { App } from '../../src/options/app';
import { renderOptions, watched } from './fixtures';

afterEach(cleanup);

function setup(domains: WatchedDomain[] = [watched('example.com')]) {
  return renderOptions({ settings: { ...DEFAULTS, domains } });
}

const idleInput = (domain = 'example.com') =>
  screen.getByRole<HTMLInputElement>('spinbutton', { name: `Idle timeout of ${domain} (minutes)` });
const change = (value: string, domain?: string) =>
  act(async () => {
    fireEvent.change(idleInput(domain), { target: { value } });
  });

describe("a site's idle timeout", () => {
  it('starts empty (none) and says what it is for', () => {
    setup();
    expect(idleInput().value).toBe('');
    const hint = document.getElementById(idleInput().getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe(
      'If example.com logs you out after this many minutes without activity, the countdown counts to that. Leave empty if it does not, or if you do not know. ' +
        "With nothing declared, Session Watch counts to what it learned, or to the framework's typical default (PHP 24 min, Java 30 min, ASP.NET 20 min…), labelled as such in the popup.",
    );
  });

  it('saves a whole number of minutes for that site only, and says so', async () => {
    const { actions, saved } = setup([watched('example.com'), watched('example.org')]);
    await change('15', 'example.org');
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().domains).toEqual([watched('example.com'), watched('example.org', { idleMinutes: 15 })]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('example.org logs you out after 15 min idle: the countdown now counts to that.');
  });

  it('shows it in the summary of the site', () => {
    setup([watched('example.com', { idleMinutes: 30 })]);
    expect(idleInput().value).toBe('30');
    const item = within(screen.getByRole('list', { name: 'Watched domains' })).getAllByRole('listitem')[0]!;
    expect(item.querySelector('summary')?.textContent).toBe('Warns 2 min before a session ends (global lead) · logs out after 30 min idle');
  });

  it('saves an emptied field as no idle timeout at all', async () => {
    const { saved } = setup([watched('example.com', { idleMinutes: 30 })]);
    await change('');
    expect(saved().domains[0]).toEqual(watched('example.com'));
    expect('idleMinutes' in saved().domains[0]!).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('No idle timeout is set for example.com now.');
  });

  it('does not save a value that did not change', async () => {
    const { actions } = setup([watched('example.com', { idleMinutes: 30 })]);
    await change('30');
    await change(' ');
    // Only the emptying is a change.
    expect(actions.updateSettings).toHaveBeenCalledOnce();
  });

  it.each([
    ['0', 'The idle timeout must be from 1 to 10080 minutes (one week).'],
    ['10081', 'The idle timeout must be from 1 to 10080 minutes (one week).'],
    ['-5', 'The idle timeout must be from 1 to 10080 minutes (one week).'],
    ['2.5', 'Enter a whole number of minutes: the idle timeout cannot include part of a minute.'],
  ])('refuses %j with a specific message and saves nothing', async (value, message) => {
    const { actions } = setup();
    await change(value);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(idleInput().getAttribute('aria-invalid')).toBe('true');
    expect(idleInput().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it('refuses text that is not a number', async () => {
    const { actions } = setup();
    Object.defineProperty(idleInput(), 'validity', { value: { badInput: true }, configurable: true });
    await change('');
    expect(screen.getByRole('alert').textContent).toBe('Enter the idle timeout as a number of minutes, such as 30, or leave it empty.');
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it('clears the message once a valid value is entered', async () => {
    setup();
    await change('0');
    expect(screen.getByRole('alert')).toBeTruthy();
    await change('20');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(idleInput().hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows a change saved elsewhere', () => {
    const { view, actions } = setup();
    const settings = { ...DEFAULTS, domains: [watched('example.com', { idleMinutes: 45 })] };
    view.rerender(<App model={{ settings, access: { 'example.com': true }, repaired: false }} actions={actions} />);
    expect(idleInput().value).toBe('45');
  });
});

describe('the history', () => {
  it('opens from the options page in a tab of its own', () => {
    setup();
    const link = screen.getByRole('link', { name: 'Session history' });
    expect(link.getAttribute('href')).toBe('history.html');
    expect(link.getAttribute('target')).toBe('_blank');
  });
});
