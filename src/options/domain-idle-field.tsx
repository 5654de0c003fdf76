import { IDLE_MINUTES, parseMinutes } from '../core/minutes';
import type { WatchedDomain } from '../core/settings-defaults';
import { t } from '../ui/text';
import { MinutesField } from './minutes-field';
import { useMinutesField } from './use-minutes-field';

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
  const field = useMinutesField(
    w.idleMinutes ? String(w.idleMinutes) : '',
    (typed) => parseMinutes(typed, IDLE_MINUTES),
    (error) => t(`idleError_${error}`),
    (minutes) => {
      if (minutes !== (w.idleMinutes ?? null)) onIdle(w.domain, minutes).catch(() => {});
    },
  );
  return (
    <MinutesField
      id={`idle-${w.domain}`}
      label={t('idleLabel', w.domain)}
      hint={`${t('idleHint', w.domain)} ${t('idleHintLearned')}`}
      min={IDLE_MINUTES.min}
      max={IDLE_MINUTES.max}
      {...field}
    />
  );
}
