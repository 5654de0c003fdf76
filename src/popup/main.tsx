import './popup.css';
import { mountPage } from '../ui/mount-page';
import { App } from './app';
import { connectPopup } from './connector';

mountPage('popupTitle', App, connectPopup);
