/** Wires the options page to the browser: settings, live changes, and access per domain. */
import { originsFor } from '../core/origins';
import type { Settings } from '../core/settings-defaults';
import { send } from '../platform/messaging';
import { hasOrigins, onAccessChanged, requestOrigins } from '../platform/permissions';
import { onSettingsChanged, readSettings, updateSettings } from '../platform/storage';
import type { OptionsActions, OptionsModel } from './options-model';

/** Starts loading at once and calls `show` with every new model; returns the page's actions. */
export function connectOptions(show: (model: OptionsModel) => void): OptionsActions {
  let settings: Settings | null = null;
  let access: Record<string, boolean> = {};
  let repaired = false;
  let accessCheck = 0;

  const emit = () => {
    if (settings) show({ settings, access, repaired });
  };

  const checkAccess = () => {
    const domains = settings?.domains ?? [];
    const check = ++accessCheck;
    Promise.all(domains.map((w) => hasOrigins(originsFor(w)).then((ok) => [w.domain, ok] as const)))
      .then((answers) => {
        if (check !== accessCheck) return;
        access = Object.fromEntries(answers);
        emit();
      })
      .catch(() => {});
  };

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

  readSettings()
    .then((read) => {
      settings = early ?? read.settings;
      // Reported once, at load: later changes are the user's own.
      repaired = read.errors.length > 0;
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
  };
}
