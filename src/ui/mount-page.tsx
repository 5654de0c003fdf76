import { type ComponentType, render } from 'preact';
import { pageLocale } from './locale';
import { t } from './text';

export interface PageProps<Model, Actions> {
  model: Model;
  actions: Actions;
}

/**
 * Starts a page: its language and title, then `connect` loads its data and
 * every model it shows renders `App` into #app; the root is marked ready at
 * the first render. `fail` replaces the page with a message that says why it
 * cannot show anything.
 */
export function mountPage<Model, Actions>(
  titleKey: string,
  App: ComponentType<PageProps<Model, Actions>>,
  connect: (show: (model: Model) => void, fail: (message: string) => void) => Actions,
): void {
  document.documentElement.lang = pageLocale();
  document.title = t(titleKey);

  const root = document.getElementById('app');
  if (!root) return;
  // The actions are the connector's answer; a model shown before it returns waits for the next one.
  const page: { actions?: Actions } = {};
  const show = (model: Model) => {
    const actions = page.actions;
    if (actions === undefined) return;
    // A top-level render diffs against the last one, so keyed and memoised parts skip rendering.
    render(<App model={model} actions={actions} />, root);
    if (document.documentElement.dataset.ready === 'true') return;
    // The moment of the first paint, on the page's own clock, for the benchmark in both browsers.
    performance.mark('session-watch:ready');
    document.documentElement.dataset.ready = 'true';
  };
  const fail = (message: string) => {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = message;
    root.replaceChildren(p);
  };
  page.actions = connect(show, fail);
}
