import { beforeEach } from 'vitest';
import { resetBrowser } from './fakes/browser';

// Every test starts with a clean in-memory browser: empty storage, no cookies, no listeners.
beforeEach(() => resetBrowser());
