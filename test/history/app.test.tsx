// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isoInstant } from '../../src/core/format';
import { type HistoryEvent, type HistoryKind, toCsv, toJson } from '../../src/core/history';
import { App } from '../../src/history/app';
import { createClock } from '../../src/ui/clock';
import { event, EVENTS, fakeActions } from './fixtures';

/** Local noon, so the file's date is the 26th wherever the test runs. */
const TODAY = new Date(2026, 10, 26, 12).getTime();
const clock = createClock(() => TODAY);

afterEach(cleanup);

function show(events: HistoryEvent[] = EVENTS, storeNames: Record<string, string> = {}) {
  const actions = fakeActions();
  const view = render(<App model={{ events, storeNames }} actions={actions} clock={clock} />);
  return { actions, view };
}

const table = () => screen.getByRole('table', { name: 'Events' });
function rows() {
  return within(table())
    .getAllByRole('row')
    .slice(1)
    .map((tr) =>
      within(tr)
        .getAllByRole('cell')
        .map((td) => td.textContent),
    );
}
const siteSelect = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'Site' });
const strips = () => screen.getAllByRole('img');

/** jsdom's Blob has no text(); FileReader reads it the way a page would. */
function read(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    // readAsText always yields a string; anything else is a broken reader.
    reader.onload = () => (typeof reader.result === 'string' ? resolve(reader.result) : reject(new Error('FileReader gave no text')));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsText(blob);
  });
}

describe('history table', () => {
  it('says how long the site was idle before the server ended a session', () => {
    show([...EVENTS, { ...event(5, 'example.com', 'ended-by-server', 'PHPSESSID'), idleMs: 24 * 60_000 + 13_000 }]);
    expect(rows()[0]).toEqual([expect.any(String), 'example.com', 'Ended by server after 24 m 13 s idle', 'PHPSESSID', 'Regular']);
  });

  it('lists every event newest first under Time, Site, Event, Cookie and Store', () => {
    show(EVENTS, { 'firefox-container-1': 'Work' });
    const headers = within(table())
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual(['Time', 'Site', 'Event', 'Cookie', 'Store']);
    expect(rows().map(([, site, kind, name, store]) => [site, kind, name, store])).toEqual([
      ['example.com', 'Expired', 'sessionid', 'Private'],
      ['other.org', 'Logged out', 'PHPSESSID', 'Work'],
      ['example.com', 'Warned', 'sessionid', 'Regular'],
      ['example.com', 'Refreshed', 'sessionid', 'Regular'],
      ['other.org', 'Found', 'PHPSESSID', 'Work'],
      ['example.com', 'Logged in', 'sessionid', 'Regular'],
    ]);
    const firstTime = within(table()).getAllByRole('row')[1]!.querySelector('time');
    expect(firstTime?.getAttribute('datetime')).toBe(isoInstant(EVENTS[5]!.at));
    expect(screen.getByText('Events shown: 6')).toBeTruthy();
  });

  it('keeps the rows it has when new events arrive', () => {
    const { view, actions } = show();
    const before = within(table()).getAllByRole('row').slice(1);
    view.rerender(
      <App model={{ events: [...EVENTS, event(1, 'example.com', 'logged-out')], storeNames: {} }} actions={actions} clock={clock} />,
    );
    const after = within(table()).getAllByRole('row').slice(1);
    expect(after).toHaveLength(7);
    expect(after.slice(1)).toEqual(before);
    after.slice(1).forEach((row, i) => expect(row).toBe(before[i]));
  });

  it('names a container it does not know "Container", and shows a kind from a later version as stored', () => {
    show([
      event(5, 'example.com', 'logged-in', 'sid', 'firefox-container-7'),
      { ...event(1, 'example.com', 'logged-in'), kind: 'paused' as never },
    ]);
    expect(rows().map((r) => [r[2], r[4]])).toEqual([
      ['paused', 'Regular'],
      ['Logged in', 'Container'],
    ]);
  });
});

describe('history timeline', () => {
  it('draws one strip per site with one mark per event, described in words', () => {
    show();
    expect(strips()).toHaveLength(2);
    const [example, other] = strips();
    expect(example!.querySelectorAll('.mark')).toHaveLength(4);
    expect(other!.querySelectorAll('.mark')).toHaveLength(2);
    const label = example!.getAttribute('aria-label') ?? '';
    expect(label).toMatch(/^example\.com, from .+ to .+: Logged in: 1, Refreshed: 1, Warned: 1, Expired: 1$/);
    expect(other!.getAttribute('aria-label')).toMatch(/: Found: 1, Logged out: 1$/);
  });

  it('places marks by time over the same span for every site, and colours them by kind', () => {
    show();
    const [example, other] = strips();
    const xs = (svg: Element) => [...svg.querySelectorAll('.mark')].map((m) => Number(m.getAttribute('x1')));
    // Where between the first and the last event of all (0 and 1) each mark sits.
    const [start, , , end] = xs(example!);
    const along = (svg: Element) => xs(svg).map((x) => Math.round(((x - start!) / (end! - start!)) * 100) / 100);
    expect(along(example!)).toEqual([0, 0.6, 0.9, 1]);
    expect(along(other!)).toEqual([0.3, 0.92]);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeLessThan(1000);
    expect([...example!.querySelectorAll('.mark')].map((m) => m.getAttribute('class'))).toEqual([
      'mark kind-start',
      'mark kind-refresh',
      'mark kind-warn',
      'mark kind-end',
    ]);
  });

  it('explains its colours in a legend', () => {
    show();
    const legend = screen.getByRole('list', { name: 'Kinds of event' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Logged in', 'Found', 'Refreshed', 'Warned', 'Logged out', 'Expired']);
  });
});

describe('filtering by site', () => {
  it('shows one site in the table and the timeline, then all again', () => {
    show();
    expect([...siteSelect().options].map((o) => o.textContent)).toEqual(['All sites', 'example.com', 'other.org']);
    fireEvent.change(siteSelect(), { target: { value: 'other.org' } });
    expect(rows().map((r) => r[1])).toEqual(['other.org', 'other.org']);
    expect(strips()).toHaveLength(1);
    expect(screen.getByText('Events shown: 2')).toBeTruthy();
    fireEvent.change(siteSelect(), { target: { value: '' } });
    expect(rows()).toHaveLength(6);
  });

  it('goes back to all sites when the chosen site has no history left', () => {
    const { view, actions } = show();
    fireEvent.change(siteSelect(), { target: { value: 'other.org' } });
    view.rerender(<App model={{ events: EVENTS.filter((e) => e.site !== 'other.org'), storeNames: {} }} actions={actions} clock={clock} />);
    expect(siteSelect().value).toBe('');
    expect(rows()).toHaveLength(4);
  });
});

describe('export', () => {
  let blobs: Blob[];
  let clicked: { download: string; href: string; inDocument: boolean }[];

  beforeEach(() => {
    blobs = [];
    clicked = [];
    URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => {
      blobs.push(blob as Blob);
      return `blob:history/${blobs.length}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, inDocument: this.isConnected });
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('downloads the events shown as CSV, named after today', async () => {
    show();
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(clicked).toEqual([{ download: 'session-watch-history-2026-11-26.csv', href: 'blob:history/1', inDocument: true }]);
    expect(blobs[0]!.type).toBe('text/csv;charset=utf-8');
    expect(await read(blobs[0]!)).toBe(toCsv(EVENTS));
    // The link was only a means: it is gone again.
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('downloads the events shown as JSON, only the chosen site', async () => {
    show();
    fireEvent.change(siteSelect(), { target: { value: 'example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(clicked[0]!.download).toBe('session-watch-history-2026-11-26.json');
    const text = await read(blobs[0]!);
    expect(text).toBe(toJson(EVENTS.filter((e) => e.site === 'example.com')));
    expect(JSON.parse(text)).toHaveLength(4);
  });

  it('keeps a hostile cookie name as data, with the CSV formula guard', async () => {
    show([event(1, 'example.com', 'logged-in', '=HYPERLINK("http://evil")')]);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await read(blobs[0]!)).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('clearing the history', () => {
  it('asks to confirm first, then clears all of it and says so', async () => {
    const { actions } = show();
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    expect(actions.clearHistory).not.toHaveBeenCalled();
    const confirm = screen.getByRole('button', { name: 'Confirm clear' });
    expect(document.activeElement).toBe(confirm);
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)?.textContent).toBe(
      'The history cannot be brought back once cleared.',
    );
    await act(async () => {
      fireEvent.click(confirm);
    });
    expect(actions.clearHistory).toHaveBeenCalledExactlyOnceWith(undefined);
    expect(screen.getByRole('status').textContent).toBe('History cleared.');
  });

  it('clears only the chosen site', async () => {
    const { actions } = show();
    fireEvent.change(siteSelect(), { target: { value: 'example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Clear history of example.com' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm clear' }));
    });
    expect(actions.clearHistory).toHaveBeenCalledExactlyOnceWith('example.com');
  });

  it('keeps the history when cancelled', () => {
    const { actions } = show();
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('button', { name: 'Confirm clear' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Clear history' }));
    expect(actions.clearHistory).not.toHaveBeenCalled();
  });

  it('says so when it could not clear', async () => {
    const { actions } = show();
    actions.clearHistory.mockRejectedValueOnce(new Error('storage'));
    fireEvent.click(screen.getByRole('button', { name: 'Clear history' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm clear' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('That did not work. Reload the page and try again.');
  });
});

describe('empty history', () => {
  it('says there is none yet, with nothing to filter, export or clear', () => {
    show([]);
    expect(screen.getByText('No history yet')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('hostile names', () => {
  it('are text in the table and the timeline, and create no element', () => {
    const name = '"><img src=x onerror=alert(1)><b>x</b>';
    const { view } = show([event(1, 'example.com', 'logged-in', name)], { '0': '<svg onload=alert(1)>' });
    expect(rows()[0]![3]).toBe(name);
    expect(strips()[0]!.querySelector('title')?.textContent).toContain(name);
    expect(view.container.querySelector('img, b, script, svg svg')).toBeNull();
  });
});

describe('checks and keep-alive', () => {
  const site = (minutesAgo: number, kind: HistoryKind, fields: Partial<HistoryEvent>): HistoryEvent => ({
    ...event(minutesAgo, 'bank.test', kind, '', ''),
    ...fields,
  });
  const CHECKS: HistoryEvent[] = [
    site(40, 'checked', { result: 'signed-in', status: 200 }),
    site(30, 'kept-alive', { result: 'signed-in', status: 204 }),
    site(20, 'kept-alive', { result: 'unknown', status: 0 }),
    site(15, 'checked', { result: 'signed-out', status: 401 }),
    site(10, 'keep-alive-stopped', { reason: 'signed-out' }),
    site(5, 'keep-alive-stopped', { reason: 'cap', expiresAt: Date.UTC(2026, 10, 26, 14, 47, 5) }),
  ];

  it('says in the table what each check heard and why keep-alive stopped, with no cookie or store', () => {
    show(CHECKS);
    const shown = rows().map(([, where, what, name, store]) => [where, what, name, store]);
    expect(shown).toEqual([
      ['bank.test', expect.stringMatching(/^Keep-alive stopped · at the time limit, session ends .+/), '', ''],
      ['bank.test', 'Keep-alive stopped · signed out', '', ''],
      ['bank.test', 'Checked · signed out (401)', '', ''],
      ['bank.test', 'Kept alive · no answer', '', ''],
      ['bank.test', 'Kept alive · signed in (204)', '', ''],
      ['bank.test', 'Checked · signed in (200)', '', ''],
    ]);
  });

  it('names them in the legend and the strip, with marks titled without a cookie name', () => {
    show(CHECKS);
    const legend = screen.getByRole('list', { name: 'Kinds of event' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Checked', 'Kept alive', 'Keep-alive stopped']);
    expect(strips()[0]!.getAttribute('aria-label')).toMatch(/: Checked: 2, Kept alive: 2, Keep-alive stopped: 2$/);
    const titles = [...strips()[0]!.querySelectorAll('.mark title')].map((el) => el.textContent);
    expect(titles[0]).toMatch(/^.+ · Checked · signed in \(200\)$/);
    expect(titles[4]).toMatch(/^.+ · Keep-alive stopped · signed out$/);
  });

  it('exports result, status and reason in CSV and JSON', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => `blob:history/${blobs.push(blob as Blob)}`);
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    show(CHECKS);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    const csv = (await read(blobs[0]!)).split('\r\n');
    expect(csv[0]).toBe('time,site,event,cookie,store,expires,idle_seconds,result,status,reason');
    expect(csv[1]).toMatch(/,bank\.test,checked,,,,,signed-in,200,$/);
    expect(csv[6]).toMatch(/,bank\.test,keep-alive-stopped,,,2026-11-26T14:47:05\.000Z,,,,cap$/);
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    const json = JSON.parse(await read(blobs[1]!)) as Record<string, unknown>[];
    expect(json[3]).toMatchObject({ event: 'checked', result: 'signed-out', status: 401 });
    expect(json[4]).toMatchObject({ event: 'keep-alive-stopped', reason: 'signed-out' });
    vi.restoreAllMocks();
  });
});
