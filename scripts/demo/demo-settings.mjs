/**
 * What the demo writes into the extension's storage.sync before the page
 * opens: the shape and key the options page writes (src/core/settings-defaults.ts),
 * watching the demo site on 127.0.0.1 with warnings on. A test validates it
 * with the extension's own validateSettings.
 */
export const DEMO_SETTINGS_KEY = 'settings';

export const DEMO_SETTINGS = {
  schemaVersion: 1,
  domains: [{ domain: '127.0.0.1', site: '127.0.0.1', leadMinutes: null, warnings: true }],
  leadMinutes: 2,
  notifyEnded: true,
};
