import { t } from '../platform/i18n';

interface NoticeProps {
  message: string;
  onDismiss: () => void;
}

/** A message that stays until the user dismisses it. */
export function Notice({ message, onDismiss }: NoticeProps) {
  return (
    <div class="notice" role="status">
      <p>{message}</p>
      <button type="button" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
