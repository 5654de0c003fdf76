import './options.css';
import { mountPage } from '../ui/mount-page';
import { App } from './app';
import { connectOptions } from './connector';

mountPage('optionsTitle', App, connectOptions);
