import { useEffect, useState } from 'preact/hooks';
import { DOMAIN_LEAD_MINUTES, parseMinutes } from '../core/minutes';
import type { IdleBoundsLog } from '../core/idle-bounds';
import type { WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';
import { DomainIdleField } from './domain-idle-field';
import { DomainLearned } from './domain-learned';
import { MinutesField } from './minutes-field';
import { useMinutesField } from './use-minutes-field';

interface DomainWarningsProps {
  watched: WatchedDomain;
  /** The global lead in minutes, used while the domain has none of its own. */
  globalLead: number;
  /** The id of the element that shows the domain's name, to name the disclosure after it. */
  nameId: string;
  /** null = use the global lead. Rejects when the change could not be saved. */
  onLead: (domain: string, minutes: number | null) => Promise<unknown>;
  onWarnings: (domain: string, on: boolean) => Promise<unknown>;
  /** null = no idle timeout. Rejects when the change could not be saved. */
  onIdle: (domain: string, minutes: number | null) => Promise<unknown>;
  /** What was learned of every site's idle timeout, by `${domain}|${cookie name}`. */
  learned: Readonly<IdleBoundsLog>;
  onResetLearned: (domain: string) => Promise<unknown>;
}

/**
 * One domain's warnings, folded under a summary of what they are: the
 * on/off switch, its own lead (empty = the global one) and the site's idle
 * timeout, each saved on change; a value that is not valid is explained and
 * not saved. Under the idle timeout, what was learned of it.
 */
export function DomainWarnings({
  watched: w,
  globalLead,
  nameId,
  onLead,
  onWarnings,
  onIdle,
  learned,
  onResetLearned,
}: DomainWarningsProps) {
  const [on, setOn] = useState(w.warnings);
  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => setOn(w.warnings), [w.warnings]);

  const lead = useMinutesField(
    w.leadMinutes === null ? '' : String(w.leadMinutes),
    (typed) => parseMinutes(typed, DOMAIN_LEAD_MINUTES),
    (error) => t(error === 'not-a-number' ? 'domainLeadError_not_a_number' : `leadError_${error}`),
    (minutes) => {
      if (minutes !== w.leadMinutes) onLead(w.domain, minutes).catch(() => {});
    },
  );

  const onSwitch = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const checked = input.checked;
    setOn(checked);
    onWarnings(w.domain, checked).catch(() => {
      // Set on the element too: a render that ends where it started is skipped, and the click already moved it.
      input.checked = !checked;
      setOn(!checked);
    });
  };

  const base = `warnings-${w.domain}`;
  const warnings = !on
    ? t('domainWarningsSummaryOff')
    : w.leadMinutes === null
      ? t('domainWarningsSummaryGlobal', String(globalLead))
      : t('domainWarningsSummaryOwn', String(w.leadMinutes));
  const summary = w.idleMinutes ? t('domainIdleSummary', [warnings, String(w.idleMinutes)]) : warnings;

  return (
    <details class="domain-warnings">
      <summary aria-labelledby={`${nameId} ${base}-summary`}>
        <span id={`${base}-summary`} class={on ? undefined : 'off'}>
          {summary}
        </span>
      </summary>
      <div class="domain-warnings-body">
        <div class="switch-field">
          <input id={`${base}-on`} type="checkbox" role="switch" checked={on} onChange={onSwitch} />
          <label for={`${base}-on`}>{t('domainWarningsSwitch', w.domain)}</label>
        </div>
        <MinutesField
          id={`${base}-lead`}
          label={t('domainLeadLabel', w.domain)}
          hint={t('domainLeadHint', String(globalLead))}
          min={DOMAIN_LEAD_MINUTES.min}
          max={DOMAIN_LEAD_MINUTES.max}
          placeholder={String(globalLead)}
          {...lead}
        />
        <DomainIdleField watched={w} onIdle={onIdle} />
        <DomainLearned domain={w.domain} learned={learned} onReset={onResetLearned} fieldId={`idle-${w.domain}`} />
      </div>
    </details>
  );
}
