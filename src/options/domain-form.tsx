import { useRef, useState } from 'preact/hooks';
import { normalizeDomain } from '../core/domains';
import { originsFor } from '../core/origins';
import { withDomain } from '../core/settings';
import { MAX_DOMAINS } from '../core/settings-io';
import { t } from '../ui/text';
import { domainErrorText } from '../ui/domain-error-text';
import { pageLocale } from '../ui/locale';
import type { OptionsActions } from './options-model';
import { formatCount } from '../core/format';
import { syncWriteQuota } from '../core/sync-quota';

interface DomainFormProps {
  /** Domains already watched, to refuse duplicates. */
  existing: readonly string[];
  actions: Pick<OptionsActions, 'requestOrigins' | 'updateSettings'>;
  /** Says what happened, politely (a status message). */
  onStatus: (message: string) => void;
}

/** The Domain field and Add: validated as typed, access asked for, then saved. */
export function DomainForm({ existing, actions, onStatus }: DomainFormProps) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    // Refused here, before access is asked for or anything saved: sync storage could not keep one more.
    if (existing.length >= MAX_DOMAINS) {
      setError(t('domainLimit', formatCount(existing.length, pageLocale())));
      input.current?.focus();
      return;
    }
    const result = normalizeDomain(value, existing);
    if (!result.ok) {
      setError(domainErrorText(result.error));
      input.current?.focus();
      return;
    }
    const { domain, site } = result;
    // First, before any await: Firefox grants permissions only inside the submit's user gesture.
    const granted = actions.requestOrigins(originsFor({ domain, site }));
    setError(null);
    setValue('');
    input.current?.focus();
    // Saved whatever the answer: refused access shows as "Access needed" in the list.
    const saved = actions.updateSettings((s) => withDomain(s, { domain, site, leadMinutes: null, warnings: true }));
    Promise.all([granted.catch(() => false), saved])
      .then(([ok]) => onStatus(t(ok ? 'domainAdded' : 'domainAddedNoAccess', domain)))
      .catch((err: unknown) => {
        // Nothing was saved: give the typed text back (unless more was typed since), so nothing is lost either.
        setValue((typed) => (typed === '' ? value : typed));
        const quota = syncWriteQuota(err);
        setError(quota === null ? t('saveFailed') : domainErrorText({ code: 'quota', detail: quota }));
      });
  };

  const errorId = 'domain-error';
  return (
    <form class="domain-form" onSubmit={onSubmit} noValidate>
      <label for="domain">{t('domainLabel')}</label>
      <div class="field-row">
        <input
          ref={input}
          id="domain"
          name="domain"
          type="text"
          inputMode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          value={value}
          onInput={(e) => {
            setValue(e.currentTarget.value);
            setError(null);
          }}
          aria-invalid={error !== null ? 'true' : undefined}
          aria-describedby={error !== null ? `${errorId} domain-hint` : 'domain-hint'}
        />
        <button type="submit" class="primary">
          {t('addDomain')}
        </button>
      </div>
      {error !== null && (
        <p id={errorId} class="error" role="alert">
          {error}
        </p>
      )}
      <p id="domain-hint" class="hint">
        {t('domainHint')}
      </p>
    </form>
  );
}
