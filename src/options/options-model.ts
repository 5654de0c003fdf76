import type { IdleBoundsLog } from '../core/idle-bounds';
import type { Response } from '../core/messages';
import type { ChecksLog } from '../core/server-check';
import type { Settings } from '../core/settings-defaults';
import type { CookieRecord } from '../core/types';

/** Everything the options page shows, as plain data. */
export interface OptionsModel {
  settings: Settings;
  /** Per watched domain: whether its cookies may be read; absent while unknown. */
  access: Readonly<Record<string, boolean>>;
  /** The stored settings were damaged and partly reset when the page loaded. */
  repaired: boolean;
  /** What was learned of the sites' idle timeouts, by `${domain}|${cookie name}`; absent while unread. */
  learned?: Readonly<IdleBoundsLog>;
  /** Every site's last check, by domain; absent while unread. */
  checks?: Readonly<ChecksLog>;
  /** The watched cookies, to say why keep-alive cannot help a site's session; absent while unread. */
  records?: readonly CookieRecord[];
}

export interface OptionsActions {
  /** Must be called before any await in a submit or click handler (Firefox drops the gesture after one). */
  requestOrigins(origins: string[]): Promise<boolean>;
  updateSettings(change: (s: Settings) => Settings): Promise<Settings>;
  rescan(): Promise<unknown>;
  /** The user has read the repaired-settings banner: forget the repairs it reported. */
  dismissRepaired?(): void;
  /** Forgets what was learned of one watched domain's idle timeout (every cookie name of it). */
  resetLearned?(domain: string): Promise<void>;
  /** Requests the domain's check URL now. */
  checkNow?(domain: string): Promise<Response<'checkNow'>>;
  /** Asks for the idle permission keep-alive needs; like requestOrigins, before any await. */
  requestIdlePermission?(): Promise<boolean>;
}
