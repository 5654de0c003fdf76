import { formatCount } from '../core/format';
import type { ServerIdle } from '../core/server-idle';
import { pageLocale } from '../ui/locale';
import { shortDuration } from '../ui/short-duration';
import { t } from '../ui/text';

/**
 * Where a server idle timeout comes from, in words, for the Expires cell and the options:
 * declared -> "server idle timeout 15 m, from the options";
 * learned -> "server idle timeout 19 s–22 s, learned from 2 sessions" ("≤ 27 s" with no gap survived);
 * default -> "PHP default: about 24 m idle" (a default is never said as a fact).
 */
export function idleSourceText(idle: ServerIdle): string {
  switch (idle.source) {
    case 'declared':
      return t('idleSourceDeclared', shortDuration(idle.ms / 1000));
    case 'learned': {
      const range =
        idle.survivedMs > 0
          ? `${shortDuration(idle.survivedMs / 1000)}–${shortDuration(idle.endedMs / 1000)}`
          : `≤ ${shortDuration(idle.endedMs / 1000)}`;
      return idle.sessions === 1
        ? t('idleSourceLearnedOne', range)
        : t('idleSourceLearnedMany', [range, formatCount(idle.sessions, pageLocale())]);
    }
    case 'default':
      return t('idleSourceDefault', [idle.framework, shortDuration(idle.ms / 1000)]);
  }
}
