import { storeLabel } from '../core/stores';
import { t } from './text';

/**
 * What a cookie store is called in a row: null for the regular store (the
 * usual case says nothing), "Private", the container's own name, or
 * "Container" when the browser has not told us its name.
 * storeText('firefox-container-2', {'firefox-container-2': 'Work'}) -> "Work"; ('0', {}) -> null
 */
export function storeText(storeId: string, names: Readonly<Record<string, string>>): string | null {
  const label = storeLabel(storeId, names);
  if (label.kind === 'private') return t('storePrivate');
  if (label.kind === 'container') return label.name ?? t('storeContainer');
  return null;
}
