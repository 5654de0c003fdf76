/** The background worker's entry (background.js). */
import { startWorker } from './worker';
import { browserDeps } from './worker-deps';

// Top level and synchronous: a worker woken by an event must have its listeners before the first await.
startWorker(browserDeps());
