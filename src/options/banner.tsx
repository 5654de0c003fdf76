import { t } from '../ui/text';

interface BannerProps {
  message: string;
  onDismiss: () => void;
}

/** A message at the top of the page that stays until the user dismisses it. */
export function Banner({ message, onDismiss }: BannerProps) {
  return (
    <div class="banner" role="status">
      <p>{message}</p>
      <button type="button" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
