// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within, type RenderResult } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import browser from 'webextension-polyfill';
import { App } from '../../src/history/app';
import { connectHistory } from '../../src/history/connector';
import type { HistoryModel } from '../../src/history/history-model';
import { appendHistoryEvents } from '../../src/platform/history-store';
import { event } from './fixtures';

afterEach(cleanup);

/** The page wired to the in-memory browser, as main.tsx wires it to the real one. */
function openConnected() {
  const failures: unknown[] = [];
  let view: RenderResult | null = null;
  const actions = connectHistory(
    (model: HistoryModel) => {
      const app = <App model={model} actions={actions} />;
      if (view) view.rerender(app);
      else view = render(app);
    },
    (e) => failures.push(e),
  );
  return { failures };
}

const bodyRows = () =>
  within(screen.getByRole('table', { name: 'Events' }))
    .getAllByRole('row')
    .slice(1);

describe('history page', () => {
  it('loads from its script: title, the stored history, and the ready mark', async () => {
    await browser.storage.local.set({ 'history:example.com': [event(10, 'example.com', 'logged-in')] });
    const root = document.createElement('div');
    root.id = 'app';
    document.body.append(root);
    await import('../../src/history/main');
    await waitFor(() => expect(document.documentElement.dataset.ready).toBe('true'));
    expect(document.title).toBe('Session Watch history');
    expect(within(root).getAllByRole('row')).toHaveLength(2);
    root.remove();
  });

  it('reads the stored history of every site, with container names', async () => {
    await browser.storage.local.set({
      'history:example.com': [event(10, 'example.com', 'logged-in')],
      'history:other.org': [event(5, 'other.org', 'logged-out', 'PHPSESSID', 'firefox-container-1')],
      stores: { 'firefox-container-1': 'Work' },
    });
    openConnected();
    await waitFor(() => expect(bodyRows().map((tr) => within(tr).getAllByRole('cell')[4]!.textContent)).toEqual(['Work', 'Regular']));
  });

  it('shows the empty state when there is no history', async () => {
    openConnected();
    expect(await screen.findByText('No history yet')).toBeTruthy();
  });

  it('follows the history live: new events appear, a clear elsewhere empties it', async () => {
    await browser.storage.local.set({ 'history:example.com': [event(10, 'example.com', 'logged-in')] });
    openConnected();
    await waitFor(() => expect(bodyRows()).toHaveLength(1));

    await act(() => appendHistoryEvents([event(1, 'example.com', 'logged-out')]));
    await waitFor(() => expect(bodyRows()).toHaveLength(2));

    await act(() => browser.storage.local.remove('history:example.com'));
    expect(await screen.findByText('No history yet')).toBeTruthy();
  });

  it('follows container names live', async () => {
    await browser.storage.local.set({ 'history:example.com': [event(10, 'example.com', 'logged-in', 'sid', 'firefox-container-1')] });
    openConnected();
    await waitFor(() => expect(within(bodyRows()[0]!).getAllByRole('cell')[4]!.textContent).toBe('Container'));
    await act(() => browser.storage.local.set({ stores: { 'firefox-container-1': 'Banking' } }));
    await waitFor(() => expect(within(bodyRows()[0]!).getAllByRole('cell')[4]!.textContent).toBe('Banking'));
  });

  it('clears only the history, after the confirm step', async () => {
    await browser.storage.local.set({ 'history:example.com': [event(10, 'example.com', 'logged-in')], 'cookie:x': { id: 'x' } });
    openConnected();
    fireEvent.click(await screen.findByRole('button', { name: 'Clear history' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Confirm clear' }));
    });
    expect(await screen.findByText('No history yet')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('History cleared.');
    expect(await browser.storage.local.get(null)).toEqual({ 'cookie:x': { id: 'x' } });
  });
});
