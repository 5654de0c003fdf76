import { storeLabel } from '../core/stores';
import { t } from '../ui/text';

/**
 * Every store by name, the regular one included, for a column that always
 * says which: "Regular", "Private", a container's name, "Container", or the
 * browser's own id for a store we cannot name.
 */
export function storeName(storeId: string, names: Readonly<Record<string, string>>): string {
  const label = storeLabel(storeId, names);
  if (label.kind === 'default') return t('storeDefault');
  if (label.kind === 'private') return t('storePrivate');
  if (label.kind === 'container') return label.name ?? t('storeContainer');
  return storeId;
}
