// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { mountPage } from '../../src/ui/mount-page';

interface Model {
  count: number;
}
interface Actions {
  name: string;
}
const Page = ({ model, actions }: { model: Model; actions: Actions }) => (
  <p>
    {actions.name}: {model.count}
  </p>
);

function addRoot(): HTMLElement {
  const root = document.createElement('div');
  root.id = 'app';
  document.body.append(root);
  return root;
}

afterEach(() => {
  document.body.replaceChildren();
  delete document.documentElement.dataset.ready;
});

describe('mountPage', () => {
  it('sets the language and title, renders each model and marks the page ready', () => {
    const root = addRoot();
    let show: (model: Model) => void = () => {};
    mountPage('historyTitle', Page, (s) => {
      show = s;
      return { name: 'page' };
    });
    expect(document.documentElement.lang).toBe('en-US');
    expect(document.title).toBe('Session Watch history');
    expect(document.documentElement.dataset.ready).toBeUndefined();
    show({ count: 1 });
    expect(root.textContent).toBe('page: 1');
    expect(document.documentElement.dataset.ready).toBe('true');
    show({ count: 2 });
    expect(root.textContent).toBe('page: 2');
  });

  it('waits for the actions: a model shown while connecting is not rendered', () => {
    const root = addRoot();
    mountPage('popupTitle', Page, (show) => {
      show({ count: 1 });
      return { name: 'page' };
    });
    expect(root.textContent).toBe('');
    expect(document.documentElement.dataset.ready).toBeUndefined();
  });

  it('replaces the page with an alert when it fails', () => {
    const root = addRoot();
    let fail: (message: string) => void = () => {};
    mountPage('optionsTitle', Page, (show, f) => {
      fail = f;
      show({ count: 1 });
      return { name: 'page' };
    });
    fail('Could not read it.');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Could not read it.');
  });

  it('does nothing without a root to render into', () => {
    let connected = false;
    mountPage('popupTitle', Page, () => {
      connected = true;
      return { name: 'page' };
    });
    expect(connected).toBe(false);
  });
});
