import './options.css';
import { render } from 'preact';
import { t } from '../platform/i18n';
import { pageLocale } from '../ui/locale';
import { App } from './app';
import { connectOptions } from './connector';
import type { OptionsActions, OptionsModel } from './options-model';

document.documentElement.lang = pageLocale();
document.title = t('optionsTitle');

const root = document.getElementById('app');
if (root) {
  let actions: OptionsActions | undefined;
  const show = (model: OptionsModel) => {
    if (!actions) return;
    render(<App model={model} actions={actions} />, root);
    document.documentElement.dataset.ready = 'true';
  };
  actions = connectOptions(show);
}
