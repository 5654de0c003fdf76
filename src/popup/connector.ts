/**
 * Wires the popup to the browser: one read of settings and records for the
 * first paint, then live changes. The tab's site and the access checks
 * arrive on their own and never hold up the table.
 */
import type { KeepAliveLog } from '../core/keep-alive';
import { NO_KNOWLEDGE, type ServerKnowledge } from '../core/lifetime';
import { pageHost } from '../core/page-host';
import type { ChecksLog } from '../core/server-check';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';
import { send } from '../platform/messaging';
import { domainsWithoutAccess } from '../platform/access';
import { onActivityChanged, readActivity } from '../platform/activity-store';
import { onChecksChanged, onKeepAliveChanged, readChecks, readKeepAlive } from '../platform/checks-store';
import { onIdleBoundsChanged, readIdleBounds } from '../platform/idle-bounds-store';
import { onAccessChanged, requestOrigins } from '../platform/permissions';
import { openOptionsPage } from '../platform/runtime';
import { onRecordsChanged, readRecords } from '../platform/records-store';
import { onSettingsChanged, readSettings } from '../platform/settings-store';
import { followStoreNames } from '../platform/store-names';
import { activeTabUrl } from '../platform/tabs';
import { followStored } from '../ui/follow-stored';
import { latestAnswer } from '../ui/latest-answer';
import { paintFirstScreen } from './first-screen';
import { forgetOldFirstScreenIds, readFirstScreen } from '../platform/first-screen-store';
import type { PopupActions, PopupModel, SiteOffer } from './popup-model';

/** A settings change the worker made (ok), or a rejection the view reports. */
async function saved(answer: Promise<{ ok: boolean }>): Promise<void> {
  if (!(await answer).ok) throw new Error('Session Watch: the settings change was refused');
}

/** Starts loading at once and calls `show` with every new model; returns the popup's actions. */
export function connectPopup(show: (model: PopupModel) => void): PopupActions {
  // Asked before anything else: the browser answers a page's calls in order, and each listener added
  // below is a call of its own (measured: the first screen's key came back about 4 ms sooner).
  // The first paint needs no listener; the whole store is read after they are all added.
  const firstScreen = readFirstScreen();
  const byId = new Map<string, CookieRecord>();
  let records: readonly CookieRecord[] = [];
  let settings: Settings | null = null;
  let currentHost: string | null = null;
  let offer: SiteOffer | null = null;
  let accessMissing: readonly string[] = [];
  let storeNames: Readonly<Record<string, string>> = {};
  let server: ServerKnowledge = NO_KNOWLEDGE;
  let checks: Readonly<ChecksLog> = {};
  let keepAlive: Readonly<KeepAliveLog> = {};
  // Changes that arrive before the first read are replayed on top of it (each is idempotent).
  let pending: Array<() => void> | null = [];

  const emit = () => {
    if (settings && !pending) show({ settings, records, currentHost, offer, accessMissing, storeNames, server, checks, keepAlive });
  };
  const whenLoaded = (change: () => void) => {
    if (pending) pending.push(change);
    else {
      change();
      emit();
    }
  };

  const checkAccess = latestAnswer(
    () => domainsWithoutAccess(settings?.domains ?? []),
    (missing) => {
      accessMissing = missing;
      emit();
    },
  );

  onRecordsChanged(({ put, removed }) =>
    whenLoaded(() => {
      for (const id of removed) byId.delete(id);
      for (const record of put) byId.set(record.id, record);
      // Unchanged records keep their identity, so only their rows are skipped by the diff.
      records = [...byId.values()];
    }),
  );
  onSettingsChanged((next) =>
    whenLoaded(() => {
      settings = next;
      checkAccess();
    }),
  );
  // A request to a watched site or a learned timeout moves the ends the rows count to.
  onActivityChanged((activity) => whenLoaded(() => (server = { ...server, activity })));
  onIdleBoundsChanged((bounds) => whenLoaded(() => (server = { ...server, bounds })));
  // Read beside the first screen, whose rows count to the ends it moves; changes after it are replayed.
  const knowledge = Promise.all([readActivity(), readIdleBounds()]).then(([activity, bounds]): ServerKnowledge => ({ activity, bounds }));
  // The first screen is painted from one key and its rows' records; the whole store is read once it is up.
  const stored = paintFirstScreen(firstScreen, knowledge, (first) => {
    if (pending) show({ currentHost, offer, accessMissing, storeNames, ...first });
  }).then(() => Promise.all([readSettings(), readRecords(), knowledge]));
  const tabUrl = activeTabUrl().catch(() => null);
  tabUrl
    .then((url) => {
      currentHost = url === null ? null : pageHost(url);
      emit();
    })
    .catch(() => {});

  const afterFirstPaint = () => {
    forgetOldFirstScreenIds();
    checkAccess();
    onAccessChanged(checkAccess);
    // Names label a few rows and never hold up the table.
    followStoreNames((names) => {
      storeNames = names;
      emit();
    });
    // The sites' checks and keep-alives add a line to a few rows: read once the table is up, then each change.
    followStored(onChecksChanged, readChecks, (next) => {
      checks = next;
      emit();
    });
    followStored(onKeepAliveChanged, readKeepAlive, (next) => {
      keepAlive = next;
      emit();
    });
    // Asking the worker may start it; the table is already up by then.
    tabUrl
      .then((url) => (url && pageHost(url) ? send('siteInfo', { url }) : null))
      .then((answer) => {
        if (answer?.ok) {
          offer = { domain: answer.domain, origins: answer.origins };
          emit();
        }
      })
      .catch(() => {});
  };

  stored
    .then(([read, storedRecords, known]) => {
      settings = read.settings;
      server = known;
      for (const record of storedRecords) byId.set(record.id, record);
      records = [...byId.values()];
      const replay = pending ?? [];
      pending = null;
      for (const change of replay) change();
      emit();
      setTimeout(afterFirstPaint, 0);
    })
    .catch((error: unknown) => console.error('Session Watch: could not read storage', error));

  return {
    openOptionsPage,
    requestOrigins(origins) {
      const granted = requestOrigins(origins);
      granted.then(checkAccess, checkAccess);
      return granted;
    },
    addDomain: (input) => send('addDomain', { input }),
    rescan: () => send('rescan', {}),
    clearEnded: (ids) => send('clearEnded', { ids }),
    setShowAll: (on) => saved(send('setShowAll', { on })),
    setMark: (domain, name, mark) => saved(send('setMark', { domain, name, mark })),
    checkNow: (domain) => send('checkNow', { domain }),
  };
}
