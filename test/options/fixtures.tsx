import { render } from '@testing-library/preact';
import { vi } from 'vitest';
import type { Settings, WatchedDomain } from '../../src/core/settings-defaults';
import { App } from '../../src/options/app';
import type { OptionsActions, OptionsModel } from '../../src/options/options-model';
import type { Clock } from '../../src/ui/clock';

/** A watched domain, listed under its own site unless `fields` says otherwise. */
export const watched = (domain: string, fields: Partial<WatchedDomain> = {}): WatchedDomain => ({
  domain,
  site: domain,
  leadMinutes: null,
  warnings: true,
  ...fields,
});

/**
 * The options page on `settings`, with actions that keep what is saved (as
 * the settings store does) and answer a rescan; `actions` adds to them.
 * `access` defaults to access to every domain. `reload` shows the page again
 * with what was saved, as the settings' change event would.
 */
export function renderOptions<Extra extends Partial<OptionsActions> = Record<never, never>>({
  settings,
  access = Object.fromEntries(settings.domains.map((w) => [w.domain, true])),
  fields = {},
  actions: extra,
  clock,
}: {
  settings: Settings;
  access?: OptionsModel['access'];
  fields?: Partial<OptionsModel>;
  actions?: Extra;
  clock?: Pick<Clock, 'now'>;
}) {
  const model: OptionsModel = { settings, access, repaired: false, ...fields };
  let saved = model.settings;
  const actions = {
    requestOrigins: vi.fn<OptionsActions['requestOrigins']>(async () => true),
    updateSettings: vi.fn<OptionsActions['updateSettings']>(async (change) => {
      saved = change(saved);
      return saved;
    }),
    rescan: vi.fn<OptionsActions['rescan']>(async () => ({ watched: 1 })),
    ...(extra as Extra),
  } satisfies OptionsActions;
  const view = render(<App model={model} actions={actions} clock={clock} />);
  const reload = () => view.rerender(<App model={{ ...model, settings: saved }} actions={actions} clock={clock} />);
  return { actions, view, reload, saved: () => saved };
}
