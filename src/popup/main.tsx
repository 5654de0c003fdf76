import './popup.css';
import { render } from 'preact';
import { t } from '../platform/i18n';
import { pageLocale } from '../ui/locale';
import { App } from './app';
import { connectPopup } from './connector';
import type { PopupActions, PopupModel } from './popup-model';

document.documentElement.lang = pageLocale();
document.title = t('popupTitle');

const root = document.getElementById('app');
if (root) {
  let actions: PopupActions | undefined;
  const show = (model: PopupModel) => {
    if (!actions) return;
    // A top-level render diffs against the last one; the rows are keyed and memoised.
    render(<App model={model} actions={actions} />, root);
    document.documentElement.dataset.ready = 'true';
  };
  actions = connectPopup(show);
}
