import './history.css';
import { mountPage } from '../ui/mount-page';
import { t } from '../ui/text';
import { App } from './app';
import { connectHistory } from './connector';

mountPage('historyTitle', App, (show, fail) =>
  connectHistory(show, (error) => {
    console.error('Session Watch: could not read the history', error);
    fail(t('historyFailed'));
  }),
);
