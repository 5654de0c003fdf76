/** Wires the options page to the browser: settings, live changes, access per domain, and the learned idle timeouts. */
import type { IdleBoundsLog } from '../core/idle-bounds';
import type { ChecksLog } from '../core/server-check';
import type { CookieRecord } from '../core/types';
import { SETTINGS_KEY, type Settings } from '../core/settings-defaults';
import { send } from '../platform/messaging';
import { domainsWithoutAccess } from '../platform/access';
import { onChecksChanged, readChecks } from '../platform/checks-store';
import { requestIdlePermission } from '../platform/idle';
import { onIdleBoundsChanged, readIdleBounds, resetIdleBounds } from '../platform/idle-bounds-store';
import { onAccessChanged, requestOrigins } from '../platform/permissions';
import { onRecordsChanged, readRecords } from '../platform/records-store';
import { clearRepairs, readRepairs } from '../platform/repairs-log';
import { onSettingsChanged, readSettings, updateSettings } from '../platform/settings-store';
import { followStored } from '../ui/follow-stored';
import { latestAnswer } from '../ui/latest-answer';
import type { OptionsActions, OptionsModel } from './options-model';

/** Starts loading at once and calls `show` with every new model; returns the page's actions. */
export function connectOptions(show: (model: OptionsModel) => void): OptionsActions {
  let settings: Settings | null = null;
  let access: Record<string, boolean> = {};
  let repaired = false;
  let learned: IdleBoundsLog = {};
  let checks: ChecksLog = {};
  const byId = new Map<string, CookieRecord>();
  let records: readonly CookieRecord[] = [];

  const emit = () => {
    if (settings) show({ settings, access, repaired, learned, checks, records });
  };

  const checkAccess = latestAnswer(
    () => {
      const domains = settings?.domains ?? [];
      return domainsWithoutAccess(domains).then((missing) => ({ domains, missing }));
    },
    ({ domains, missing }) => {
      access = Object.fromEntries(domains.map((w) => [w.domain, !missing.includes(w.domain)]));
      emit();
    },
  );

  // A change that lands before the first read answers is at least as new as that answer.
  let early: Settings | null = null;
  onSettingsChanged((next) => {
    if (!settings) {
      early = next;
      return;
    }
    settings = next;
    emit();
    checkAccess();
  });
  onAccessChanged(checkAccess);

  // As with the settings: a change that lands before the first read answers is the newer.
  followStored(
    onIdleBoundsChanged,
    readIdleBounds,
    (next) => {
      learned = next;
      emit();
    },
    (error) => console.error('Session Watch: could not read the learned idle timeouts', error),
  );

  // The sites' last checks, from whatever asked for them (this page, the popup, the warning moment, keep-alive).
  followStored(
    onChecksChanged,
    readChecks,
    (next) => {
      checks = next;
      emit();
    },
    (error) => console.error('Session Watch: could not read the checks', error),
  );

  // The sessions as they are, to say why keep-alive cannot help one; changes that land before the read are kept on top of it.
  const earlyRecords = new Map<string, CookieRecord | null>();
  let recordsRead = false;
  onRecordsChanged(({ put, removed }) => {
    const into = recordsRead ? null : earlyRecords;
    for (const id of removed) {
      if (into) into.set(id, null);
      else byId.delete(id);
    }
    for (const record of put) (into ?? byId).set(record.id, record);
    if (into) return;
    records = [...byId.values()];
    emit();
  });
  readRecords()
    .then((read) => {
      for (const record of read) byId.set(record.id, record);
      for (const [id, record] of earlyRecords) {
        if (record) byId.set(id, record);
        else byId.delete(id);
      }
      recordsRead = true;
      records = [...byId.values()];
      emit();
    })
    .catch((error: unknown) => console.error('Session Watch: could not read the watched cookies', error));

  // The worker writes repaired settings back, so its repairs log says what this read no longer can.
  Promise.all([readSettings(), readRepairs().catch(() => [])])
    .then(([read, repairs]) => {
      settings = early ?? read.settings;
      // Reported once, at load: later changes are the user's own.
      repaired = read.errors.length > 0 || repairs.some((r) => r.key === SETTINGS_KEY || r.key.startsWith(`${SETTINGS_KEY}.`));
      emit();
      checkAccess();
    })
    .catch((error: unknown) => console.error('Session Watch: could not read settings', error));

  return {
    requestOrigins(origins) {
      const granted = requestOrigins(origins);
      granted.then(checkAccess, checkAccess);
      return granted;
    },
    updateSettings,
    rescan: () => send('rescan', {}),
    dismissRepaired: () => void clearRepairs().catch(() => undefined),
    resetLearned: resetIdleBounds,
    checkNow: (domain) => send('checkNow', { domain }),
    requestIdlePermission,
  };
}
