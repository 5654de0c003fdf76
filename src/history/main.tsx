import './history.css';
import { render } from 'preact';
import { t } from '../platform/i18n';
import { pageLocale } from '../ui/locale';
import { App } from './app';
import { connectHistory } from './connector';
import type { HistoryActions, HistoryModel } from './history-model';

document.documentElement.lang = pageLocale();
document.title = t('historyTitle');

const root = document.getElementById('app');
if (root) {
  let actions: HistoryActions | undefined;
  const show = (model: HistoryModel) => {
    if (!actions) return;
    render(<App model={model} actions={actions} />, root);
    document.documentElement.dataset.ready = 'true';
  };
  const failed = (error: unknown) => {
    console.error('Session Watch: could not read the history', error);
    const message = document.createElement('p');
    message.className = 'error';
    message.setAttribute('role', 'alert');
    message.textContent = t('historyFailed');
    root.replaceChildren(message);
  };
  actions = connectHistory(show, failed);
}
