import { parseMinutes } from '../core/minutes';
import { KEEP_ALIVE_CAP_MINUTES_MAX, KEEP_ALIVE_IDLE_MINUTES_MAX } from '../core/settings-defaults';
import { t } from '../ui/text';
import { MinutesField } from './minutes-field';
import { useMinutesField } from './use-minutes-field';

interface KeepAliveLimitsProps {
  idleMinutes: number;
  capMinutes: number;
  onIdle: (minutes: number) => void;
  onCap: (minutes: number) => void;
}

const IDLE_RULE = { min: 1, max: KEEP_ALIVE_IDLE_MINUTES_MAX };
const CAP_RULE = { min: 1, max: KEEP_ALIVE_CAP_MINUTES_MAX };

interface LimitFieldProps {
  id: string;
  /** Never empty: both limits always apply. */
  rule: { min: number; max: number };
  /** The saved limit in minutes. */
  value: number;
  label: string;
  hint: string;
  onSave: (minutes: number) => void;
}

/** One limit of keep-alive, in minutes, saved when a valid whole number is entered, refused with its range otherwise. */
function LimitField({ id, rule, value, label, hint, onSave }: LimitFieldProps) {
  const field = useMinutesField(
    String(value),
    (typed) => parseMinutes(typed, rule),
    (error) => t(`keepAliveMinutesError_${error}`, String(rule.max)),
    (minutes) => {
      if (minutes !== value) onSave(minutes);
    },
  );
  return <MinutesField id={id} label={label} hint={hint} min={rule.min} max={rule.max} {...field} />;
}

/** The limits every keep-alive keeps to, and the plain promise of what Session Watch sends. */
export function KeepAliveLimits({ idleMinutes, capMinutes, onIdle, onCap }: KeepAliveLimitsProps) {
  return (
    <>
      <p class="hint privacy">{t('privacyNote')}</p>
      <LimitField
        id="keep-alive-idle"
        rule={IDLE_RULE}
        value={idleMinutes}
        label={t('keepAliveIdleLabel')}
        hint={t('keepAliveIdleHint')}
        onSave={onIdle}
      />
      <LimitField
        id="keep-alive-cap"
        rule={CAP_RULE}
        value={capMinutes}
        label={t('keepAliveCapLabel')}
        hint={t('keepAliveCapHint')}
        onSave={onCap}
      />
    </>
  );
}
