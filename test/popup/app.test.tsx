// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { isoInstant } from '../../src/core/format';
import { originsFor } from '../../src/core/origins';
import { App } from '../../src/popup/app';
import { createClock } from '../../src/ui/clock';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

afterEach(cleanup);

const stopped = createClock(() => NOW);

function rowOf(id: string): HTMLTableRowElement {
  const row = [...document.querySelectorAll<HTMLTableRowElement>('tr[data-id]')].find((tr) => tr.dataset.id === id);
  if (!row) throw new Error(`no row ${id}`);
  return row;
}

function cells(row: HTMLElement) {
  const [site, cookie, expires, remaining, status] = within(row).getAllByRole('cell');
  return { site: site!, cookie: cookie!, expires: expires!, remaining: remaining!, status: status! };
}

describe('popup table', () => {
  it('has a caption and the five column headers in order', () => {
    render(<App model={model({ records: [record('sessionid', 'example.test')] })} actions={fakeActions()} clock={stopped} />);
    const table = screen.getByRole('table', { name: 'Watched session cookies' });
    const headers = within(table).getAllByRole('columnheader');
    expect(headers.map((h) => h.textContent)).toEqual(['Site', 'Cookie', 'Expires', 'Remaining', 'Status']);
    expect(headers.every((h) => h.getAttribute('scope') === 'col')).toBe(true);
  });

  it('shows one row per cookie with its site, name, expiry and a 300 s countdown', () => {
    const r = record('sessionid', '.example.test', { expiresAt: NOW + 300_000 });
    render(<App model={model({ records: [r] })} actions={fakeActions()} clock={stopped} />);
    const { site, cookie, expires, remaining, status } = cells(rowOf(r.id));
    expect(site.textContent).toBe('example.test');
    // The name, then the framework that names its sessions so.
    expect(cookie.textContent).toBe('sessionid Django');
    expect(expires.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW + 300_000));
    expect(expires.textContent).toMatch(/2026/);
    const time = remaining.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('PT300S');
    expect(time?.textContent).toBe('5:00');
    expect(status.textContent).toBe('Active');
  });

  it('lists the rows in order in bodies of 25, so a ticking countdown relays out a small part of the table', () => {
    const records = Array.from({ length: 45 }, (_, i) =>
      record(`c${String(i).padStart(2, '0')}`, 'example.test', { expiresAt: NOW + 60_000 * (i + 1) }),
    );
    render(<App model={model({ records })} actions={fakeActions()} clock={stopped} />);
    const table = screen.getByRole('table', { name: 'Watched session cookies' });
    const bodies = [...table.querySelectorAll('tbody')];
    expect(bodies.map((b) => b.rows.length)).toEqual([25, 20]);
    const names = bodies.flatMap((b) => [...b.rows].map((tr) => tr.querySelector('.cookie-name')?.textContent));
    expect(names).toEqual(records.map((r) => r.name));
    // One table to assistive technology: every row under the same column headers.
    expect(within(table).getAllByRole('row')).toHaveLength(46);
  });

  it('shows 4:59 for 299 seconds and longer times in hours and days', () => {
    const records = [
      record('a', 'example.test', { expiresAt: NOW + 299_000 }),
      record('b', 'example.test', { expiresAt: NOW + 3_720_000 }),
      record('c', 'example.test', { expiresAt: NOW + 183_600_000 }),
    ];
    render(<App model={model({ records })} actions={fakeActions()} clock={stopped} />);
    const [a, b, c] = records.map((r) => cells(rowOf(r.id)).remaining.querySelector('time'));
    expect([a?.textContent, a?.getAttribute('datetime')]).toEqual(['4:59', 'PT299S']);
    expect(b?.textContent).toBe('1 h 02 m');
    expect(c?.textContent).toBe('2 d 3 h');
  });

  it('says a browser-session cookie lasts until the browser closes, with no countdown', () => {
    // express-session keeps no server-side idle default to count to.
    const r = record('connect.sid', 'example.test', { expiresAt: null });
    render(<App model={model({ records: [r] })} actions={fakeActions()} clock={stopped} />);
    const { expires, remaining, status } = cells(rowOf(r.id));
    expect(expires.textContent).toBe('When the browser closes');
    expect(remaining.textContent).toBe('until browser closes');
    expect(remaining.querySelector('time')).toBeNull();
    expect(status.textContent).toBe('Browser session');
  });

  it('marks a cookie inside the warning lead as expiring soon, using the domain lead over the global one', () => {
    const records = [record('a', 'example.test', { expiresAt: NOW + 100_000 }), record('b', 'other.test', { expiresAt: NOW + 100_000 })];
    const settings = settingsWith([watched('example.test'), watched('other.test', 'other.test', 1)], 2);
    render(<App model={model({ records, settings })} actions={fakeActions()} clock={stopped} />);
    expect(cells(rowOf(records[0]!.id)).status.textContent).toBe('Expiring soon');
    expect(cells(rowOf(records[1]!.id)).status.textContent).toBe('Active');
  });

  it('keeps ended rows with when they ended and a Clear button that asks the worker to forget them', () => {
    const expired = record('csrftoken', 'example.test', { expiresAt: NOW - 5_000, ended: { cause: 'expired', at: NOW - 5_000 } });
    const loggedOut = record('sessionid', 'example.test', { ended: { cause: 'logged-out', at: NOW - 60_000 } });
    const actions = fakeActions();
    render(<App model={model({ records: [expired, loggedOut] })} actions={actions} clock={stopped} />);

    const expiredStatus = cells(rowOf(expired.id)).status;
    expect(expiredStatus.textContent).toMatch(/^Expired /);
    expect(expiredStatus.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW - 5_000));
    const loggedOutStatus = cells(rowOf(loggedOut.id)).status;
    expect(loggedOutStatus.textContent).toMatch(/^Logged out /);
    expect(loggedOutStatus.querySelector('time')?.getAttribute('datetime')).toBe(isoInstant(NOW - 60_000));
    expect(cells(rowOf(loggedOut.id)).remaining.querySelector('time')?.getAttribute('datetime')).toBe('PT0S');

    fireEvent.click(screen.getByRole('button', { name: 'Clear sessionid' }));
    expect(actions.clearEnded).toHaveBeenCalledWith([loggedOut.id]);
    expect(screen.getByRole('button', { name: 'Clear csrftoken' })).toBeTruthy();
  });

  it('lists the current site first, then the soonest expiry first', () => {
    const settings = settingsWith([watched('example.test'), watched('other.test')]);
    const records = [
      record('late', 'example.test', { expiresAt: NOW + 900_000 }),
      record('soon', 'example.test', { expiresAt: NOW + 60_000 }),
      record('here', 'other.test', { expiresAt: NOW + 3_600_000 }),
    ];
    render(<App model={model({ records, settings, currentHost: 'www.other.test' })} actions={fakeActions()} clock={stopped} />);
    const names = [...document.querySelectorAll('tbody tr')].map((tr) => cells(tr as HTMLElement).cookie.textContent);
    expect(names).toEqual(['here', 'soon', 'late']);
  });

  it('shows a hostile cookie name as the literal text and creates no element from it', () => {
    const name = '<img src=x onerror=alert(1)>';
    const r = record(name, 'example.test', { ended: { cause: 'logged-out', at: NOW } });
    const { container } = render(<App model={model({ records: [r] })} actions={fakeActions()} clock={stopped} />);
    expect(cells(rowOf(r.id)).cookie.textContent).toBe(name);
    expect(screen.getByRole('button', { name: `Clear ${name}` })).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('updates a changed row in place and leaves the other rows untouched', () => {
    const a = record('a', 'example.test', { expiresAt: NOW + 300_000 });
    const b = record('b', 'example.test', { expiresAt: NOW + 600_000 });
    const actions = fakeActions();
    const { rerender } = render(<App model={model({ records: [a, b] })} actions={actions} clock={stopped} />);
    const rowA = rowOf(a.id);
    const rowB = rowOf(b.id);
    const bText = cells(rowB).remaining.firstChild;

    const ended = { ...a, ended: { cause: 'logged-out' as const, at: NOW } };
    rerender(<App model={model({ records: [ended, b] })} actions={actions} clock={stopped} />);
    expect(rowOf(a.id)).toBe(rowA);
    expect(rowOf(b.id)).toBe(rowB);
    expect(cells(rowB).remaining.firstChild).toBe(bText);
    expect(cells(rowA).status.textContent).toMatch(/^Logged out/);
  });
});

describe('popup empty states', () => {
  it('with nothing watched, says so and opens the options', () => {
    const actions = fakeActions();
    render(<App model={model({ settings: settingsWith([]) })} actions={actions} clock={stopped} />);
    expect(screen.getByText('No sites are watched yet.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Open options' }));
    expect(actions.openOptionsPage).toHaveBeenCalledOnce();
  });

  it('with watched sites but no cookies, says none arrived yet', () => {
    render(<App model={model()} actions={fakeActions()} clock={stopped} />);
    expect(screen.getByText('No session cookies yet')).toBeTruthy();
  });

  it('offers to watch the current site: asks for access first, then adds it', async () => {
    const actions = fakeActions();
    const offer = { domain: 'shop.test', origins: ['*://shop.test/*', '*://*.shop.test/*'] };
    render(<App model={model({ offer, currentHost: 'shop.test' })} actions={actions} clock={stopped} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Watch this site' }));
    });
    expect(actions.requestOrigins).toHaveBeenCalledWith(offer.origins);
    expect(actions.addDomain).toHaveBeenCalledWith('shop.test');
    expect(actions.requestOrigins.mock.invocationCallOrder[0]!).toBeLessThan(actions.addDomain.mock.invocationCallOrder[0]!);
  });

  it('asks for access synchronously inside the click, before anything is awaited', () => {
    const actions = fakeActions();
    const offer = { domain: 'shop.test', origins: ['*://shop.test/*'] };
    render(<App model={model({ offer, currentHost: 'shop.test' })} actions={actions} clock={stopped} />);
    fireEvent.click(screen.getByRole('button', { name: 'Watch this site' }));
    expect(actions.requestOrigins).toHaveBeenCalledOnce();
  });

  it('shows why the worker refused to watch the site', async () => {
    const actions = fakeActions();
    actions.addDomain.mockResolvedValue({ ok: false, error: { code: 'public-suffix', detail: 'github.io' } });
    const offer = { domain: 'github.io', origins: ['*://github.io/*'] };
    render(<App model={model({ offer, currentHost: 'github.io' })} actions={actions} clock={stopped} />);
    fireEvent.click(screen.getByRole('button', { name: 'Watch this site' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      '“github.io” is a public suffix: many unrelated sites share it. Enter a site under it, such as example.github.io.',
    );
  });

  it('does not offer a site that is already watched', () => {
    const offer = { domain: 'example.test', origins: ['*://example.test/*'] };
    render(<App model={model({ offer, currentHost: 'example.test' })} actions={fakeActions()} clock={stopped} />);
    expect(screen.queryByRole('button', { name: 'Watch this site' })).toBeNull();
  });
});

describe('popup access', () => {
  it('lists a watched domain without access and grants it: request first, then rescan', async () => {
    const actions = fakeActions();
    const w = watched('app.example.test', 'example.test');
    render(<App model={model({ settings: settingsWith([w]), accessMissing: ['app.example.test'] })} actions={actions} clock={stopped} />);
    expect(screen.getByText('app.example.test: Access needed')).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    });
    expect(actions.requestOrigins).toHaveBeenCalledWith(originsFor(w));
    expect(actions.rescan).toHaveBeenCalledOnce();
  });

  it('does not rescan when access is refused', async () => {
    const actions = fakeActions();
    actions.requestOrigins.mockResolvedValue(false);
    render(<App model={model({ accessMissing: ['example.test'] })} actions={actions} clock={stopped} />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Grant access' }));
    });
    expect(actions.rescan).not.toHaveBeenCalled();
  });
});
