import { useEffect, useRef } from 'preact/hooks';
import type { IdleBoundsLog } from '../core/idle-bounds';
import type { ChecksLog } from '../core/server-check';
import type { WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';
import { type CheckActions, DomainCheck } from './domain-check';
import { DomainWarnings } from './domain-warnings';
import type { KeepAliveBlocker } from './keep-alive-blocker';

interface DomainListProps {
  domains: readonly WatchedDomain[];
  access: Readonly<Record<string, boolean>>;
  /** Called straight from the click, so it can ask for the permission within the user gesture. */
  onGrant: (w: WatchedDomain) => void;
  onRemove: (domain: string) => void;
  /** The global lead in minutes, for the domains without one of their own. */
  globalLead: number;
  /** null = use the global lead. Rejects when the change could not be saved. */
  onLead: (domain: string, minutes: number | null) => Promise<unknown>;
  onWarnings: (domain: string, on: boolean) => Promise<unknown>;
  /** null = no idle timeout. Rejects when the change could not be saved. */
  onIdle: (domain: string, minutes: number | null) => Promise<unknown>;
  /** What was learned of every site's idle timeout, by `${domain}|${cookie name}`. */
  learned: Readonly<IdleBoundsLog>;
  onResetLearned: (domain: string) => Promise<unknown>;
  /** Every site's last check, by domain. */
  checks: Readonly<ChecksLog>;
  /** Why keep-alive cannot help a site's live session, by domain, for the sites where it cannot. */
  blockers: Readonly<Record<string, KeepAliveBlocker>>;
  checkActions: CheckActions;
}

/** The watched domains, each with its access state, Grant access when needed, Remove, and its own warnings. */
export function DomainList({
  domains,
  access,
  onGrant,
  onRemove,
  globalLead,
  onLead,
  onWarnings,
  onIdle,
  learned,
  onResetLearned,
  checks,
  blockers,
  checkActions,
}: DomainListProps) {
  const list = useRef<HTMLUListElement>(null);
  const removedAt = useRef<number | null>(null);

  // After a removal, keep the keyboard where it was: on the next Remove button, else the list.
  useEffect(() => {
    const index = removedAt.current;
    if (index === null) return;
    removedAt.current = null;
    const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button.remove');
    const next = buttons?.[Math.min(index, buttons.length - 1)];
    if (next) next.focus();
    else list.current?.focus();
  }, [domains]);

  return (
    <>
      <ul ref={list} class="domains" aria-label={t('watchedDomainsLabel')} tabIndex={-1}>
        {domains.map((w, i) => {
          const granted = access[w.domain];
          return (
            <li key={w.domain}>
              <span class="domain" id={`domain-${w.domain}`}>
                {w.domain}
              </span>
              <span class={`access access-${granted === undefined ? 'unknown' : granted ? 'granted' : 'needed'}`}>
                {granted === undefined ? t('accessChecking') : granted ? t('accessGranted') : t('accessNeeded')}
              </span>
              {granted === false && (
                <button type="button" onClick={() => onGrant(w)}>
                  {t('grantAccess')}
                </button>
              )}
              <button
                type="button"
                class="remove"
                aria-label={t('removeDomain', w.domain)}
                onClick={() => {
                  removedAt.current = i;
                  onRemove(w.domain);
                }}
              >
                {t('removeButton')}
              </button>
              <DomainWarnings
                watched={w}
                globalLead={globalLead}
                nameId={`domain-${w.domain}`}
                onLead={onLead}
                onWarnings={onWarnings}
                onIdle={onIdle}
                learned={learned}
                onResetLearned={onResetLearned}
              />
              <DomainCheck
                watched={w}
                nameId={`domain-${w.domain}`}
                check={checks[w.domain]}
                blocker={blockers[w.domain]}
                actions={checkActions}
              />
            </li>
          );
        })}
      </ul>
      {domains.length === 0 && <p class="hint">{t('noDomains')}</p>}
    </>
  );
}
