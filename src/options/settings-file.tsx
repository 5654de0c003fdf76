import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { exportSettings, IMPORT_MAX_BYTES, importSettings } from '../core/settings-io';
import type { Settings } from '../core/settings-defaults';
import { t } from '../ui/text';
import { downloadFile } from '../ui/download-file';
import { pageLocale } from '../ui/locale';
import { importErrorText } from './import-error-text';
import type { OptionsActions } from './options-model';
import { readFileText } from './read-file-text';
import { formatCount } from '../core/format';

interface SettingsFileProps {
  /** The settings in use: what is exported, and what an import is compared with. */
  settings: Settings;
  actions: Pick<OptionsActions, 'updateSettings'>;
  /** Says what happened, politely (a status message). */
  onStatus: (message: string) => void;
  /** Dates the exported file. */
  now: () => number;
}

/** settingsFileName(Date.UTC(2026, 10, 26, 12)) -> "session-watch-settings-2026-11-26.json" (the user's own date) */
function settingsFileName(now: number): string {
  const d = new Date(now);
  const two = (n: number) => String(n).padStart(2, '0');
  return `session-watch-settings-${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}.json`;
}

/**
 * Export settings to a file, and import one: the file is checked whole
 * before anything changes, what it would change is shown, and only
 * "Import" replaces the settings. A file that is wrong in any way is
 * refused with what is wrong, and the settings stay as they were.
 */
export function SettingsFile({ settings, actions, onStatus, now }: SettingsFileProps) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const confirm = useRef<HTMLDivElement>(null);
  // Only the latest file chosen may answer: a slow read of an earlier one is dropped.
  const reading = useRef(0);

  // The question takes the keyboard, so it is read out as soon as it appears; at once, so a quick Cancel is not undone.
  useLayoutEffect(() => {
    if (pending) confirm.current?.focus();
  }, [pending]);

  const onExport = () => {
    setError(null);
    const at = now();
    const name = settingsFileName(at);
    downloadFile(name, 'application/json', exportSettings(settings, at));
    onStatus(t('settingsExported', name));
  };

  const onFile = (event: Event) => {
    const field = event.currentTarget as HTMLInputElement;
    const file = field.files?.[0];
    // Cleared, so choosing the same file again (after fixing it) is a change too.
    field.value = '';
    const read = ++reading.current;
    setError(null);
    setPending(null);
    if (!file) return;
    // Before reading: a huge file is refused without loading it into memory.
    if (file.size > IMPORT_MAX_BYTES) {
      setError(importErrorText({ code: 'too-large', detail: String(IMPORT_MAX_BYTES) }));
      return;
    }
    readFileText(file).then(
      (text) => {
        if (read !== reading.current) return;
        const result = importSettings(text, file.size);
        if (result.ok) setPending(result.settings);
        else setError(importErrorText(result.error));
      },
      () => {
        if (read === reading.current) setError(t('importReadFailed'));
      },
    );
  };

  const onCancel = () => {
    setPending(null);
    onStatus(t('importCancelled'));
    input.current?.focus();
  };

  const onImport = () => {
    if (!pending) return;
    const imported = pending;
    setBusy(true);
    actions
      .updateSettings(() => imported)
      .then(
        () => {
          setPending(null);
          onStatus(t('settingsImported', count(imported.domains.length)));
          input.current?.focus();
        },
        () => setError(t('saveFailed')),
      )
      .finally(() => setBusy(false));
  };

  const describedBy = error !== null ? 'import-error import-hint' : 'import-hint';
  return (
    <div class="settings-file">
      <div class="file-row">
        <button type="button" onClick={onExport}>
          {t('exportSettings')}
        </button>
      </div>
      <p class="hint">{t('exportHint')}</p>
      <div class="file-field">
        <label for="settings-import">{t('importSettingsLabel')}</label>
        <input
          ref={input}
          id="settings-import"
          type="file"
          accept=".json,application/json"
          onChange={onFile}
          disabled={busy}
          aria-invalid={error !== null ? 'true' : undefined}
          aria-describedby={describedBy}
        />
        {error !== null && (
          <p id="import-error" class="error" role="alert">
            {error} {t('importNothingChanged')}
          </p>
        )}
        <p id="import-hint" class="hint">
          {t('importHint')}
        </p>
      </div>
      {pending && (
        <div
          ref={confirm}
          class="import-confirm"
          role="group"
          aria-labelledby="import-question"
          aria-describedby="import-changes"
          tabIndex={-1}
        >
          <p id="import-question" class="import-question">
            {t('importConfirm')}
          </p>
          <ul id="import-changes">
            {changesOf(settings, pending).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div class="file-row">
            <button type="button" class="primary" onClick={onImport} disabled={busy}>
              {t('importButton')}
            </button>
            <button type="button" onClick={onCancel} disabled={busy}>
              {t('importCancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function count(n: number): string {
  return formatCount(n, pageLocale());
}

/** What an import changes, a line each: the sites (how many, added, removed) and the warning lead. */
function changesOf(current: Settings, imported: Settings): string[] {
  const before = new Set(current.domains.map((w) => w.domain));
  const after = new Set(imported.domains.map((w) => w.domain));
  const added = imported.domains.filter((w) => !before.has(w.domain)).length;
  const removed = current.domains.filter((w) => !after.has(w.domain)).length;
  return [
    t('importSummarySites', [count(imported.domains.length), count(current.domains.length)]),
    t('importSummaryAddedRemoved', [count(added), count(removed)]),
    t('importSummaryLead', [count(imported.leadMinutes), count(current.leadMinutes)]),
  ];
}
