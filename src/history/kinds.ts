import type { HistoryKind } from '../core/history';
import { t } from '../ui/text';

/** The colour family of a kind of event on the timeline; the legend and the table name it in words too. */
export type KindGroup = 'start' | 'refresh' | 'warn' | 'end' | 'quiet';

const GROUPS: Record<HistoryKind, KindGroup> = {
  'logged-in': 'start',
  'first-seen': 'start',
  refreshed: 'refresh',
  warned: 'warn',
  expired: 'end',
  'logged-out': 'end',
  evicted: 'end',
  removed: 'end',
  'ended-by-server': 'end',
  cleared: 'quiet',
  checked: 'quiet',
  'kept-alive': 'refresh',
  'keep-alive-stopped': 'warn',
};

function isKnown(kind: string): kind is HistoryKind {
  return Object.prototype.hasOwnProperty.call(GROUPS, kind);
}

/** kindGroup('logged-out') -> 'end'; a kind from a later version -> 'quiet' */
export function kindGroup(kind: string): KindGroup {
  return isKnown(kind) ? GROUPS[kind] : 'quiet';
}

/** kindText('logged-in') -> "Logged in"; a kind this version does not know is shown as stored. */
export function kindText(kind: string): string {
  return isKnown(kind) ? t(`historyKind_${kind}`) : kind;
}
