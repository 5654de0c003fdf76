// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CookieRecord } from '../../src/core/types';
import { App, FILTER_MIN_ROWS, FIRST_ROWS, ROWS_PER_PAGE } from '../../src/popup/app';
import { FILTER_DEBOUNCE_MS } from '../../src/popup/row-filter';
import { createClock } from '../../src/ui/clock';
import { fakeActions, model, NOW, record, settingsWith, watched } from './fixtures';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const stopped = createClock(() => NOW);
const settings = settingsWith([watched('example.test'), watched('other.test')]);

/** Twelve rows: eight on example.test, four on other.test, of every status. */
function twelve(): CookieRecord[] {
  return [
    record('sessionid', 'example.test', { expiresAt: NOW + 3_600_000 }),
    record('csrftoken', 'example.test', { expiresAt: NOW + 7_200_000 }),
    record('theme', 'example.test', { expiresAt: null }),
    record('cart', 'example.test', { expiresAt: NOW + 60_000 }),
    record('old', 'example.test', { expiresAt: NOW - 5_000, ended: { cause: 'expired', at: NOW - 5_000 } }),
    record('gone', 'example.test', { ended: { cause: 'logged-out', at: NOW - 60_000 } }),
    record('pref1', 'example.test', { expiresAt: NOW + 9_000_000 }),
    record('pref2', 'example.test', { expiresAt: NOW + 9_500_000 }),
    record('SID', 'other.test', { expiresAt: NOW + 1_800_000 }),
    record('remember', 'other.test', { expiresAt: NOW + 86_400_000 }),
    record('connect.sid', 'other.test', { expiresAt: null }),
    record('lang', 'other.test', { expiresAt: NOW + 90_000_000 }),
  ];
}

function show(records: CookieRecord[]) {
  return render(<App model={model({ records, settings })} actions={fakeActions()} clock={stopped} />);
}

const rowIds = () => [...document.querySelectorAll<HTMLTableRowElement>('tr[data-id]')].map((tr) => tr.dataset.id);
const rowOf = (id: string) => [...document.querySelectorAll<HTMLTableRowElement>('tr[data-id]')].find((tr) => tr.dataset.id === id);
const filterBox = () => screen.getByRole<HTMLInputElement>('searchbox', { name: 'Filter' });
const count = () => document.getElementById('row-filter-count')!;
const wait = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
/** Types as a person does: the field changes at once, one key at a time. */
function type(value: string) {
  fireEvent.input(filterBox(), { target: { value } });
}

describe('popup filter', () => {
  it(`appears above the table only with more than ${FILTER_MIN_ROWS} rows`, () => {
    const records = twelve();
    const view = show(records.slice(0, FILTER_MIN_ROWS));
    expect(screen.queryByRole('searchbox')).toBeNull();
    view.unmount();
    show(records.slice(0, FILTER_MIN_ROWS + 1));
    const box = filterBox();
    expect(box.labels?.[0]?.textContent).toBe('Filter');
    expect(box.compareDocumentPosition(screen.getByRole('table')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('narrows the rows by site as you type, says how many match, and keeps the matching rows as they were', async () => {
    const records = twelve();
    show(records);
    const other = records.filter((r) => r.domain === 'other.test');
    const kept = new Map(other.map((r) => [r.id, rowOf(r.id)!]));
    const dropped = rowOf(records[0]!.id)!;

    type('OTHER');
    // Nothing yet: the table waits for the typing to pause.
    expect(rowIds()).toHaveLength(12);
    await wait(FILTER_DEBOUNCE_MS);

    expect(rowIds().sort()).toEqual(other.map((r) => r.id).sort());
    for (const [id, row] of kept) expect(rowOf(id)).toBe(row);
    expect(dropped.isConnected).toBe(false);
    expect(count().textContent).toBe('4 of 12 match');
    expect(count().getAttribute('aria-live')).toBe('polite');
    expect(filterBox().getAttribute('aria-describedby')).toBe(count().id);
  });

  it.each([
    ['a cookie name, in any case', 'CONNECT.s', ['connect.sid']],
    ['part of a name', 'pref', ['pref1', 'pref2']],
    ['a status', 'expired', ['old']],
    ['another status', 'logged out', ['gone']],
    ['a status that depends on the lead', 'expiring', ['cart']],
    ['a status of its own', 'browser session', ['theme', 'connect.sid']],
  ])('matches %s', async (_what, query, names) => {
    show(twelve());
    type(query);
    await wait(FILTER_DEBOUNCE_MS);
    const shown = [...document.querySelectorAll('tr[data-id] .cookie-name')].map((n) => n.textContent);
    expect(shown.sort()).toEqual([...names].sort());
  });

  it('filters once per burst of typing', async () => {
    show(twelve());
    const announced: string[] = [];
    const observer = new MutationObserver(() => announced.push(count().textContent ?? ''));
    observer.observe(count(), { subtree: true, childList: true, characterData: true });
    const removals: number[] = [];
    const rows = new MutationObserver((changes) => removals.push(changes.reduce((n, c) => n + c.removedNodes.length, 0)));
    rows.observe(document.querySelector('tbody')!, { childList: true });

    for (const value of ['o', 'ot', 'oth', 'othe', 'other']) {
      type(value);
      await wait(FILTER_DEBOUNCE_MS - 50);
    }
    expect(rowIds()).toHaveLength(12);
    await wait(50);
    announced.push(...observer.takeRecords().map(() => count().textContent ?? ''));
    removals.push(...rows.takeRecords().map((c) => c.removedNodes.length));
    expect(rowIds()).toHaveLength(4);
    expect(new Set(announced)).toEqual(new Set(['4 of 12 match']));
    // One render took the eight rows away.
    expect(removals.reduce((a, b) => a + b, 0)).toBe(8);
    observer.disconnect();
    rows.disconnect();
  });

  it('clears on Escape at once, bringing every row back', async () => {
    const records = twelve();
    show(records);
    type('other');
    await wait(FILTER_DEBOUNCE_MS);
    const kept = rowOf(records[8]!.id)!;

    // Not passed on: Escape in a popup would close it.
    expect(fireEvent.keyDown(filterBox(), { key: 'Escape' })).toBe(false);
    await act(async () => {});
    expect(filterBox().value).toBe('');
    expect(rowIds()).toHaveLength(12);
    expect(rowOf(records[8]!.id)).toBe(kept);
    expect(count().textContent).toBe('');
  });

  it('leaves Escape alone when the field is empty', () => {
    show(twelve());
    expect(fireEvent.keyDown(filterBox(), { key: 'Escape' })).toBe(true);
  });

  it('says when nothing matches', async () => {
    show(twelve());
    type('nothing like it');
    await wait(FILTER_DEBOUNCE_MS);
    expect(rowIds()).toEqual([]);
    expect(count().textContent).toBe('0 of 12 match');
    expect(screen.getByText('No cookie matches “nothing like it”. Press Escape to clear the filter.')).toBeTruthy();
  });

  it('stays while it filters, even when the data shrinks', async () => {
    const records = twelve();
    const actions = fakeActions();
    const view = render(<App model={model({ records, settings })} actions={actions} clock={stopped} />);
    type('other');
    await wait(FILTER_DEBOUNCE_MS);
    view.rerender(<App model={model({ records: records.slice(8), settings })} actions={actions} clock={stopped} />);
    expect(filterBox().value).toBe('other');
    expect(count().textContent).toBe('4 of 4 match');
  });
});

describe('a long table', () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => record(`c${String(i).padStart(4, '0')}`, 'example.test', { expiresAt: NOW + 600_000 + i * 1000 }));

  it(`paints the first ${FIRST_ROWS} rows, fills up to ${ROWS_PER_PAGE} when idle, and shows the rest on demand`, async () => {
    const records = many(ROWS_PER_PAGE + 50);
    render(<App model={model({ records })} actions={fakeActions()} clock={stopped} />);
    expect(rowIds()).toEqual(records.slice(0, FIRST_ROWS).map((r) => r.id));
    // No button while the table is still filling up by itself.
    expect(screen.queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
    const first = rowOf(records[0]!.id);

    // Each step waits for an idle moment, then renders; its effect asks for the next.
    for (let step = 0; step < ROWS_PER_PAGE / FIRST_ROWS; step++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(200);
      });
    }
    expect(rowIds()).toEqual(records.slice(0, ROWS_PER_PAGE).map((r) => r.id));
    expect(rowOf(records[0]!.id)).toBe(first);
    expect(screen.getByText(`Rows shown: ${ROWS_PER_PAGE} of ${ROWS_PER_PAGE + 50}`)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Show 50 more' }));
    await act(async () => {});
    expect(rowIds()).toEqual(records.map((r) => r.id));
    expect(rowOf(records[0]!.id)).toBe(first);
    expect(screen.queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
    // The keyboard goes on to the first row added, since the button it was on is gone.
    const added = rowOf(records[ROWS_PER_PAGE]!.id)!;
    expect(added.contains(document.activeElement)).toBe(true);
    // 250 rows rendered in jsdom take seconds on a busy 2-core machine; this test is about order, not speed.
  }, 30_000);

  it('filters all the rows, not only those rendered', async () => {
    const records = many(ROWS_PER_PAGE + 50);
    render(<App model={model({ records })} actions={fakeActions()} clock={stopped} />);
    type('c023');
    await wait(FILTER_DEBOUNCE_MS);
    expect(rowIds()).toEqual(records.slice(230, 240).map((r) => r.id));
    expect(count().textContent).toBe(`10 of ${ROWS_PER_PAGE + 50} match`);
    expect(within(document.querySelector('main')!).queryByRole('button', { name: /^Show \d+ more$/ })).toBeNull();
  });
});
