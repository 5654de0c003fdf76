import { useCallback, useMemo, useState } from 'preact/hooks';
import { originsFor } from '../core/origins';
import { withDomain, withoutDomain } from '../core/settings';
import type { IdleBoundsLog } from '../core/idle-bounds';
import type { ChecksLog } from '../core/server-check';
import type { CookieRecord } from '../core/types';
import type { Settings, WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';
import { type Clock, systemClock } from '../ui/clock';
import type { CheckActions, CheckChange } from './domain-check';
import { DomainForm } from './domain-form';
import { DomainList } from './domain-list';
import { GrantAll } from './grant-all';
import { type KeepAliveBlocker, keepAliveBlocker } from './keep-alive-blocker';
import { KeepAliveLimits } from './keep-alive-limits';
import { LeadTimeField } from './lead-time-field';
import { Banner } from './banner';
import { NotifyEndedField } from './notify-ended-field';
import type { OptionsActions, OptionsModel } from './options-model';
import { SettingsFile } from './settings-file';

const NOTHING_LEARNED: Readonly<IdleBoundsLog> = {};
const NO_CHECKS: Readonly<ChecksLog> = {};
const NO_RECORDS: readonly CookieRecord[] = [];

export interface AppProps {
  model: OptionsModel;
  actions: OptionsActions;
  /** Dates the exported settings file; a fixed one in tests. */
  clock?: Pick<Clock, 'now'>;
}

/** The options page: which domains are watched, their access, how early to warn, and the settings as a file. */
export function App({ model, actions, clock = systemClock }: AppProps) {
  const { settings, access, repaired, learned = NOTHING_LEARNED, checks = NO_CHECKS, records = NO_RECORDS } = model;
  const [showRepaired, setShowRepaired] = useState(repaired);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);

  const existing = useMemo(() => settings.domains.map((w) => w.domain), [settings.domains]);
  const saveFailed = useCallback(() => setError(t('saveFailed')), []);

  const onGrant = useCallback(
    (w: WatchedDomain) => {
      // First, before any await: the permission prompt needs the click's user gesture.
      actions
        .requestOrigins(originsFor(w))
        .then((granted) => (granted ? actions.rescan() : undefined))
        .catch(() => {});
    },
    [actions],
  );

  const onGrantAll = useCallback(
    (domains: readonly WatchedDomain[]) => {
      // One request for every origin, first and before any await: one prompt, inside the click's user gesture.
      actions
        .requestOrigins([...new Set(domains.flatMap((w) => originsFor(w)))])
        .then((granted) => (granted ? actions.rescan() : undefined))
        .catch(() => {});
    },
    [actions],
  );

  // Judged when the sessions or the settings change: a session that ends meanwhile keeps its line until then.
  const blockers = useMemo(() => {
    const out: Record<string, KeepAliveBlocker> = {};
    const now = clock.now();
    for (const w of settings.domains) {
      const blocker = w.checkUrl ? keepAliveBlocker(w, records, { activity: {}, bounds: learned }, now) : null;
      if (blocker) out[w.domain] = blocker;
    }
    return out;
  }, [settings.domains, records, learned, clock]);

  const needAccess = useMemo(() => settings.domains.filter((w) => access[w.domain] === false), [settings.domains, access]);

  const onRemove = useCallback(
    (domain: string) => {
      setError(null);
      actions.updateSettings((s) => withoutDomain(s, domain)).then(() => setStatus(t('domainRemoved', domain)), saveFailed);
    },
    [actions, saveFailed],
  );

  const onLead = useCallback(
    (minutes: number) => {
      setError(null);
      actions.updateSettings((s) => ({ ...s, leadMinutes: minutes })).then(() => setStatus(t('leadSaved', String(minutes))), saveFailed);
    },
    [actions, saveFailed],
  );

  /** Saves a change, then says so; a failure is shown here and passed on so the control can undo itself. */
  const save = useCallback(
    (change: (s: Settings) => Settings, done: string) => {
      setError(null);
      return actions.updateSettings(change).then(
        () => setStatus(done),
        (e: unknown) => {
          saveFailed();
          throw e;
        },
      );
    },
    [actions, saveFailed],
  );

  /** Saves one of a domain's minutes fields (null clears it) and says which, with its own messages. */
  const domainMinutes = useCallback(
    (field: 'leadMinutes' | 'idleMinutes', savedKey: string, clearedKey: string) => (domain: string, minutes: number | null) =>
      save(
        (s) => withDomainChange(s, domain, { [field]: minutes }),
        minutes === null ? t(clearedKey, domain) : t(savedKey, [domain, String(minutes)]),
      ),
    [save],
  );
  const onDomainLead = useMemo(() => domainMinutes('leadMinutes', 'domainLeadSaved', 'domainLeadCleared'), [domainMinutes]);
  const onDomainIdle = useMemo(() => domainMinutes('idleMinutes', 'idleSaved', 'idleCleared'), [domainMinutes]);

  const onDomainWarnings = useCallback(
    (domain: string, on: boolean) =>
      save((s) => withDomainChange(s, domain, { warnings: on }), t(on ? 'domainWarningsOn' : 'domainWarningsOff', domain)),
    [save],
  );

  const onResetLearned = useCallback(
    (domain: string) => {
      setError(null);
      return (actions.resetLearned?.(domain) ?? Promise.resolve()).then(
        () => setStatus(t('optionsLearnedForgotten', domain)),
        (e: unknown) => {
          saveFailed();
          throw e;
        },
      );
    },
    [actions, saveFailed],
  );

  const checkActions = useMemo<CheckActions>(
    () => ({
      save: (domain, change, done) => save((s) => withDomainChange(s, domain, change), done),
      checkNow: (domain) => actions.checkNow?.(domain) ?? Promise.reject(new Error('no checks here')),
      requestIdlePermission: () => actions.requestIdlePermission?.() ?? Promise.resolve(false),
    }),
    [actions, save],
  );

  const onKeepAliveIdle = useCallback(
    (minutes: number) =>
      void save((s) => ({ ...s, keepAliveIdleMinutes: minutes }), t('keepAliveIdleSaved', String(minutes))).catch(() => {}),
    [save],
  );
  const onKeepAliveCap = useCallback(
    (minutes: number) =>
      void save((s) => ({ ...s, keepAliveCapMinutes: minutes }), t('keepAliveCapSaved', String(minutes))).catch(() => {}),
    [save],
  );

  const onNotifyEnded = useCallback(
    (on: boolean) => save((s) => ({ ...s, notifyEnded: on }), t(on ? 'notifyEndedOn' : 'notifyEndedOff')),
    [save],
  );

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <p class="page-links">
        <a href="history.html" target="_blank" rel="noopener">
          {t('historyLinkOptions')}
        </a>
      </p>
      {showRepaired && (
        <Banner
          message={t('settingsRepaired')}
          onDismiss={() => {
            setShowRepaired(false);
            actions.dismissRepaired?.();
          }}
        />
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">{t('domainsHeading')}</h2>
        <DomainForm existing={existing} actions={actions} onStatus={setStatus} />
        <GrantAll needed={needAccess} onGrantAll={onGrantAll} />
        <DomainList
          domains={settings.domains}
          access={access}
          onGrant={onGrant}
          onRemove={onRemove}
          globalLead={settings.leadMinutes}
          onLead={onDomainLead}
          onWarnings={onDomainWarnings}
          onIdle={onDomainIdle}
          learned={learned}
          onResetLearned={onResetLearned}
          checks={checks}
          blockers={blockers}
          checkActions={checkActions}
        />
      </section>
      <section aria-labelledby="warnings-heading">
        <h2 id="warnings-heading">{t('warningsHeading')}</h2>
        <LeadTimeField value={settings.leadMinutes} onSave={onLead} />
        <NotifyEndedField value={settings.notifyEnded} onSave={onNotifyEnded} />
      </section>
      <section aria-labelledby="keep-alive-heading">
        <h2 id="keep-alive-heading">{t('keepAliveHeading')}</h2>
        <KeepAliveLimits
          idleMinutes={settings.keepAliveIdleMinutes}
          capMinutes={settings.keepAliveCapMinutes}
          onIdle={onKeepAliveIdle}
          onCap={onKeepAliveCap}
        />
      </section>
      <section aria-labelledby="file-heading">
        <h2 id="file-heading">{t('settingsFileHeading')}</h2>
        <SettingsFile settings={settings} actions={actions} onStatus={setStatus} now={clock.now} />
      </section>
      <p class="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </main>
  );
}

/**
 * The settings with one domain's preferences changed, read from the settings
 * being saved over; a domain removed meanwhile stays removed. An idle timeout
 * of null, and a check field set to undefined, are left out rather than
 * stored, as a domain without one reads.
 */
function withDomainChange(
  s: Settings,
  domain: string,
  change: Partial<Pick<WatchedDomain, 'leadMinutes' | 'warnings' | 'idleMinutes'>> | CheckChange,
): Settings {
  const w = s.domains.find((d) => d.domain === domain);
  if (!w) return s;
  const next: WatchedDomain = { ...w, ...change };
  if (next.idleMinutes === null || next.idleMinutes === undefined) delete next.idleMinutes;
  for (const field of ['checkUrl', 'loginPath', 'keepAlive'] as const) if (next[field] === undefined) delete next[field];
  return withDomain(s, next);
}
