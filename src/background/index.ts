/** The background worker's entry (background.js). */
import { browserDeps } from './browser-deps';
import { startWorker } from './worker';

// Top level and synchronous: a worker woken by an event must have its listeners before the first await.
startWorker(browserDeps());
