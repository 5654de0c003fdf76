// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS } from '../../src/core/settings-defaults';
import { App } from '../../src/options/app';
import type { OptionsActions, OptionsModel } from '../../src/options/options-model';
import { renderOptions, watched } from './fixtures';

afterEach(cleanup);

function setup(fields: Partial<OptionsModel> = {}) {
  return renderOptions({
    settings: fields.settings ?? { ...DEFAULTS, domains: [watched('example.com')] },
    access: { 'example.com': true },
    fields,
    actions: { dismissRepaired: vi.fn<NonNullable<OptionsActions['dismissRepaired']>>() },
  });
}

const domainInput = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Domain' });

function typeDomain(text: string) {
  fireEvent.input(domainInput(), { target: { value: text } });
}

describe('adding a domain', () => {
  it('asks for access to the domain and its parents first, then saves it and clears the field', async () => {
    const { actions, saved } = setup();
    typeDomain('https://App.Example.org/login');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    expect(actions.requestOrigins).toHaveBeenCalledWith(['*://app.example.org/*', '*://*.app.example.org/*', '*://example.org/*']);
    expect(actions.requestOrigins.mock.invocationCallOrder[0]!).toBeLessThan(actions.updateSettings.mock.invocationCallOrder[0]!);
    expect(saved().domains).toContainEqual({ domain: 'app.example.org', site: 'example.org', leadMinutes: null, warnings: true });
    expect(domainInput().value).toBe('');
    expect(document.activeElement).toBe(domainInput());
    expect(screen.queryByRole('alert')).toBeNull();
    expect(await screen.findByText('Now watching app.example.org.')).toBeTruthy();
  });

  it('adds on Enter (form submit) too, and keeps the domain when access is refused', async () => {
    const { actions, saved } = setup();
    actions.requestOrigins.mockResolvedValue(false);
    typeDomain('shop.example.net');
    await act(async () => {
      fireEvent.submit(domainInput().form!);
    });
    expect(saved().domains.map((w) => w.domain)).toEqual(['example.com', 'shop.example.net']);
    expect(await screen.findByText('Now watching shop.example.net. Grant access to see its cookies.')).toBeTruthy();
  });

  it.each([
    ['', 'Enter a domain to watch, such as example.com.'],
    ['com', '“com” is a public suffix: many unrelated sites share it. Enter a site under it, such as example.com.'],
    ['co.uk', '“co.uk” is a public suffix: many unrelated sites share it. Enter a site under it, such as example.co.uk.'],
    ['Example.com', 'example.com is already watched.'],
    ['exa mple.com', 'A domain cannot contain spaces. Remove the space, as in example.com.'],
    ['exa$mple.com', '“$” cannot appear in a domain. Use letters, digits, hyphens and dots, as in example.com.'],
    ['a..example.com', 'This domain has two dots in a row. Write each part between single dots, as in app.example.com.'],
    ['-bad.example.com', '“-bad” starts or ends with a hyphen, which no part of a domain may do.'],
  ])('refuses %j with a specific message and saves nothing', async (input, message) => {
    const { actions } = setup();
    typeDomain(input);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(domainInput().getAttribute('aria-invalid')).toBe('true');
    expect(domainInput().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(domainInput().value).toBe(input);
    expect(actions.requestOrigins).not.toHaveBeenCalled();
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it.each([
    [
      new Error('This request exceeds the MAX_WRITE_OPERATIONS_PER_MINUTE quota.'),
      'Not saved: the browser lets an extension change its synced settings only 120 times a minute and 1,800 times an hour. Nothing was lost; try again in a minute.',
    ],
    [new Error('IO error'), 'Your change could not be saved. Try again.'],
  ])('when the save is refused (%s), gives the typed domain back and says why', async (error, message) => {
    const { actions } = setup();
    actions.updateSettings.mockRejectedValueOnce(error);
    typeDomain('shop.example.net');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(domainInput().value).toBe('shop.example.net');
  });

  it('clears the message once the domain is edited', async () => {
    setup();
    typeDomain('com');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    });
    expect(screen.getByRole('alert')).toBeTruthy();
    typeDomain('example.org');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(domainInput().hasAttribute('aria-invalid')).toBe(false);
  });
});

describe('the list of watched domains', () => {
  it('shows each domain with its access state and grants access: request first, then rescan', async () => {
    const w = watched('app.example.net', { site: 'example.net' });
    const { actions } = setup({
      settings: { ...DEFAULTS, domains: [watched('example.com'), w] },
      access: { 'example.com': true, 'app.example.net': false },
    });
    const list = screen.getByRole('list', { name: 'Watched domains' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first!.textContent).toContain('example.com');
    expect(first!.textContent).toContain('Access granted');
    expect(within(first!).queryByRole('button', { name: 'Grant access' })).toBeNull();
    expect(second!.textContent).toContain('Access needed');
    await act(async () => {
      fireEvent.click(within(second!).getByRole('button', { name: 'Grant access' }));
    });
    expect(actions.requestOrigins).toHaveBeenCalledWith(['*://app.example.net/*', '*://*.app.example.net/*', '*://example.net/*']);
    expect(actions.rescan).toHaveBeenCalledOnce();
  });

  it('removes a domain', async () => {
    const { actions, saved } = setup({ settings: { ...DEFAULTS, domains: [watched('example.com'), watched('example.org')] } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Remove example.com' }));
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().domains.map((w) => w.domain)).toEqual(['example.org']);
  });

  it('says when nothing is watched', () => {
    setup({ settings: { ...DEFAULTS, domains: [] }, access: {} });
    expect(screen.getByText('No sites are watched yet.')).toBeTruthy();
  });
});

describe('warning lead', () => {
  const leadInput = () => screen.getByRole<HTMLInputElement>('spinbutton', { name: 'Warning lead (minutes)' });

  it('shows the saved lead and saves a valid whole number on change', async () => {
    const { actions, saved } = setup();
    expect(leadInput().value).toBe('2');
    await act(async () => {
      fireEvent.change(leadInput(), { target: { value: '15' } });
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().leadMinutes).toBe(15);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['0', 'The warning lead must be from 1 to 1440 minutes (one day).'],
    ['1441', 'The warning lead must be from 1 to 1440 minutes (one day).'],
    ['2.5', 'Enter a whole number of minutes: the warning lead cannot include part of a minute.'],
    ['', 'Enter the warning lead as a number of minutes, such as 5.'],
  ])('refuses %j with a specific message and saves nothing', async (value, message) => {
    const { actions } = setup();
    await act(async () => {
      fireEvent.change(leadInput(), { target: { value } });
    });
    expect(screen.getByRole('alert').textContent).toBe(message);
    expect(leadInput().getAttribute('aria-invalid')).toBe('true');
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });
});

describe('repaired settings', () => {
  it('says once that damaged settings were reset, until dismissed', () => {
    const { actions } = setup({ repaired: true });
    const notice = screen.getByText(/Some saved settings could not be read/);
    expect(notice).toBeTruthy();
    expect(actions.dismissRepaired).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Some saved settings could not be read/)).toBeNull();
    // Dismissed means read: the worker's record of the repair is forgotten, so the notice does not come back.
    expect(actions.dismissRepaired).toHaveBeenCalledTimes(1);
  });

  it('says nothing when the settings were fine', () => {
    setup();
    expect(screen.queryByText(/Some saved settings could not be read/)).toBeNull();
  });
});

describe("a domain's own warnings", () => {
  const domainLead = (domain = 'example.com') =>
    screen.getByRole<HTMLInputElement>('spinbutton', { name: `Warning lead for ${domain} (minutes)` });
  const domainSwitch = (domain = 'example.com') =>
    screen.getByRole<HTMLInputElement>('switch', { name: `Warn before ${domain} logs me out` });
  const itemOf = (domain: string) =>
    within(screen.getByRole('list', { name: 'Watched domains' }))
      .getAllByRole('listitem')
      .find((li) => within(li).queryByRole('button', { name: `Remove ${domain}` }))!;

  it('sit folded under a summary of what they are, next to the domain', () => {
    setup({
      settings: {
        ...DEFAULTS,
        leadMinutes: 3,
        domains: [watched('example.com'), { ...watched('example.org'), leadMinutes: 10 }, { ...watched('example.net'), warnings: false }],
      },
    });
    const summaries = ['example.com', 'example.org', 'example.net'].map((d) => itemOf(d).querySelector('summary')!);
    expect(summaries.map((s) => s.textContent)).toEqual([
      'Warns 3 min before a session ends (global lead)',
      'Warns 10 min before a session ends',
      'Warnings off',
    ]);
    expect(summaries.every((s) => (s.parentElement as HTMLDetailsElement).open === false)).toBe(true);
    // Named after its domain too, so a screen reader knows whose warnings it opens.
    const [nameId] = summaries[0]!.getAttribute('aria-labelledby')!.split(' ');
    expect(document.getElementById(nameId!)?.textContent).toBe('example.com');
  });

  it('start empty, meaning the global lead, and say which that is', () => {
    setup();
    expect(domainLead().value).toBe('');
    expect(domainLead().placeholder).toBe('2');
    const hint = document.getElementById(domainLead().getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('Leave empty to use the global lead (2 min).');
  });

  it("save the domain's own lead when a valid whole number is entered, and only that domain's", async () => {
    const { actions, saved } = setup({ settings: { ...DEFAULTS, domains: [watched('example.com'), watched('example.org')] } });
    await act(async () => {
      fireEvent.change(domainLead('example.org'), { target: { value: '10' } });
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().domains).toEqual([watched('example.com'), { ...watched('example.org'), leadMinutes: 10 }]);
    expect(saved().leadMinutes).toBe(DEFAULTS.leadMinutes);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Warnings for example.org now come 10 min before a session ends.');
  });

  it('save an emptied lead as null: the domain goes back to the global lead', async () => {
    const { saved } = setup({ settings: { ...DEFAULTS, domains: [{ ...watched('example.com'), leadMinutes: 5 }] } });
    expect(domainLead().value).toBe('5');
    await act(async () => {
      fireEvent.change(domainLead(), { target: { value: '' } });
    });
    expect(saved().domains[0]!.leadMinutes).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('example.com now uses the global warning lead.');
  });

  it('do not save a lead that did not change', async () => {
    const { actions } = setup();
    await act(async () => {
      fireEvent.change(domainLead(), { target: { value: ' ' } });
    });
    expect(actions.updateSettings).not.toHaveBeenCalled();
  });

  it.each([
    ['0', 'The warning lead must be from 1 to 1440 minutes (one day).'],
    ['1441', 'The warning lead must be from 1 to 1440 minutes (one day).'],
    ['-3', 'The warning lead must be from 1 to 1440 minutes (one day).'],
    ['2.5', 'Enter a whole number of minutes: the warning lead cannot include part of a minute.'],
  ])('refuse a lead of %j with a specific message and save nothing', async (value, message) => {
    const { actions } = setup();
    await act(async () => {
      fireEvent.change(domainLead(), { target: { value } });
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe(message);
    expect(domainLead().getAttribute('aria-invalid')).toBe('true');
    expect(domainLead().getAttribute('aria-describedby')?.split(' ')).toContain(alert.id);
    expect(actions.updateSettings).not.toHaveBeenCalled();
    // The global field is untouched by a domain's mistake.
    expect(screen.getByRole('spinbutton', { name: 'Warning lead (minutes)' }).hasAttribute('aria-invalid')).toBe(false);
  });

  it('clear the message once a valid lead is entered', async () => {
    setup();
    await act(async () => {
      fireEvent.change(domainLead(), { target: { value: '0' } });
    });
    expect(screen.getByRole('alert')).toBeTruthy();
    await act(async () => {
      fireEvent.change(domainLead(), { target: { value: '4' } });
    });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(domainLead().hasAttribute('aria-invalid')).toBe(false);
  });

  it('turn off with the switch, and on again', async () => {
    const { saved } = setup();
    expect(domainSwitch().checked).toBe(true);
    await act(async () => {
      fireEvent.click(domainSwitch());
    });
    expect(saved().domains[0]).toEqual({ ...watched('example.com'), warnings: false });
    expect(domainSwitch().checked).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('Warnings for example.com are off.');
    expect(itemOf('example.com').querySelector('summary')?.textContent).toBe('Warnings off');
    await act(async () => {
      fireEvent.click(domainSwitch());
    });
    expect(saved().domains[0]!.warnings).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('Warnings for example.com are on.');
  });

  it('put the switch back and say so when the change could not be saved', async () => {
    const { actions } = setup();
    actions.updateSettings.mockRejectedValueOnce(new Error('quota'));
    await act(async () => {
      fireEvent.click(domainSwitch());
    });
    expect(domainSwitch().checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('Your change could not be saved. Try again.');
  });

  it('show a change saved elsewhere', () => {
    const { view, actions } = setup();
    const settings = { ...DEFAULTS, domains: [{ ...watched('example.com'), leadMinutes: 7, warnings: false }] };
    view.rerender(<App model={{ settings, access: { 'example.com': true }, repaired: false }} actions={actions} />);
    expect(domainLead().value).toBe('7');
    expect(domainSwitch().checked).toBe(false);
  });
});

describe('end notices', () => {
  const endedBox = () => screen.getByRole<HTMLInputElement>('checkbox', { name: 'Also tell me when a watched session has ended' });

  it('are on by default and saved as soon as the box is cleared or ticked', async () => {
    const { actions, saved } = setup();
    expect(endedBox().checked).toBe(true);
    await act(async () => {
      fireEvent.click(endedBox());
    });
    expect(actions.updateSettings).toHaveBeenCalledOnce();
    expect(saved().notifyEnded).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('You will no longer be told when a watched session has ended.');
    await act(async () => {
      fireEvent.click(endedBox());
    });
    expect(saved().notifyEnded).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('You will also be told when a watched session has ended.');
  });

  it('show the saved choice', () => {
    setup({ settings: { ...DEFAULTS, notifyEnded: false, domains: [watched('example.com')] } });
    expect(endedBox().checked).toBe(false);
  });

  it('put the box back and say so when the change could not be saved', async () => {
    const { actions } = setup();
    actions.updateSettings.mockRejectedValueOnce(new Error('quota'));
    await act(async () => {
      fireEvent.click(endedBox());
    });
    expect(endedBox().checked).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('Your change could not be saved. Try again.');
  });
});
