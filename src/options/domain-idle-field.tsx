import { useEffect, useState } from 'preact/hooks';
import { parseIdleMinutes } from '../core/settings';
import { IDLE_MINUTES_MAX, type WatchedDomain } from '../core/settings-defaults';
import { t } from '../platform/i18n';
import { MinutesField } from './minutes-field';

interface DomainIdleFieldProps {
  watched: WatchedDomain;
  /** null = the site has no idle timeout (or the user does not know it). Rejects when the change could not be saved. */
  onIdle: (domain: string, minutes: number | null) => Promise<unknown>;
}

/**
 * "This site logs me out after N minutes idle": a server-side timeout the
 * cookie does not show. Empty means none; anything else must be a whole
 * number of minutes, explained and not saved when it is not.
 */
export function DomainIdleField({ watched: w, onIdle }: DomainIdleFieldProps) {
  const saved = w.idleMinutes ? String(w.idleMinutes) : '';
  const [value, setValue] = useState(saved);
  const [error, setError] = useState<string | null>(null);

  // A change saved elsewhere (another window, sync) shows here too.
  useEffect(() => {
    setValue(saved);
    setError(null);
  }, [saved]);

  const onChange = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const typed = input.value;
    setValue(typed);
    // A number field reads "" both when empty and when it holds something that is not a number.
    if (input.validity.badInput) {
      setError(t('idleError_not_a_number'));
      return;
    }
    const parsed = parseIdleMinutes(typed);
    if (!parsed.ok) {
      setError(t(`idleError_${parsed.error}`));
      return;
    }
    setError(null);
    if (parsed.value !== (w.idleMinutes ?? null)) onIdle(w.domain, parsed.value).catch(() => {});
  };

  return (
    <MinutesField
      id={`idle-${w.domain}`}
      label={t('idleLabel', w.domain)}
      hint={t('idleHint', w.domain)}
      min={1}
      max={IDLE_MINUTES_MAX}
      value={value}
      error={error}
      onInput={setValue}
      onChange={onChange}
    />
  );
}
