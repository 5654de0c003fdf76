import { useEffect, useState } from 'preact/hooks';
import { checkUrlFor } from '../core/check-url';
import type { Response } from '../core/messages';
import type { SiteCheck } from '../core/server-check';
import { LOGIN_PATH_MAX, type WatchedDomain } from '../core/settings-defaults';
import { CheckNow } from '../ui/check-now';
import { t } from '../ui/text';
import type { KeepAliveBlocker } from './keep-alive-blocker';
import { type ParsedText, TextSettingField } from './text-setting-field';

/** A change to a domain's check settings; a field set to undefined is removed. */
export type CheckChange = Partial<Pick<WatchedDomain, 'checkUrl' | 'loginPath' | 'keepAlive'>>;

export interface CheckActions {
  /** Saves the change and then says `done`; rejects when it could not be saved. */
  save: (domain: string, change: CheckChange, done: string) => Promise<unknown>;
  checkNow: (domain: string) => Promise<Response<'checkNow'>>;
  /** Must be called first in the click handler, before any await: the prompt needs the user's gesture. */
  requestIdlePermission: () => Promise<boolean>;
}

interface DomainCheckProps {
  watched: WatchedDomain;
  /** The id of the element that shows the domain's name, to name the disclosure after it. */
  nameId: string;
  /** The site's last check, if any. */
  check: SiteCheck | undefined;
  /** Why keep-alive cannot help the site's live session, if it cannot. */
  blocker: KeepAliveBlocker | undefined;
  actions: CheckActions;
}

/** "/welcome" -> the path; "" -> none; "welcome" -> refused. */
function parseLoginPath(typed: string): ParsedText {
  const text = typed.trim();
  if (text === '') return { ok: true, value: null };
  if (!text.startsWith('/') || text.length > LOGIN_PATH_MAX) return { ok: false, error: t('loginPathError', String(LOGIN_PATH_MAX)) };
  return { ok: true, value: text };
}

/**
 * One domain's server check, folded under a summary: the check URL, the
 * login page path, Check now with the last result, and the keep-alive
 * switch, which asks for the idle permission when turned on and stays off
 * without it. Nothing here sends a request but Check now.
 */
export function DomainCheck({ watched: w, nameId, check, blocker, actions }: DomainCheckProps) {
  const [keep, setKeep] = useState(w.keepAlive === true);
  const [denied, setDenied] = useState(false);
  // A change saved elsewhere (another window, sync, an import) shows here too.
  useEffect(() => setKeep(w.keepAlive === true), [w.keepAlive]);

  const parseUrl = (typed: string): ParsedText => {
    if (typed.trim() === '') return { ok: true, value: null };
    const answer = checkUrlFor(typed, w);
    if (answer.ok) return { ok: true, value: answer.url };
    return { ok: false, error: t(`checkUrlError_${answer.error.code}`, answer.error.detail ?? w.domain) };
  };

  const saveUrl = (url: string | null) =>
    // Without a check URL there is nothing to keep alive with.
    url === null
      ? actions.save(w.domain, { checkUrl: undefined, keepAlive: undefined }, t('checkUrlCleared', w.domain))
      : actions.save(w.domain, { checkUrl: url }, t('checkUrlSaved', [w.domain, url]));

  const saveLoginPath = (path: string | null) =>
    actions.save(
      w.domain,
      { loginPath: path ?? undefined },
      path === null ? t('loginPathCleared', w.domain) : t('loginPathSaved', [w.domain, path]),
    );

  const onKeepAlive = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const checked = input.checked;
    // First, before any await: the permission prompt needs the click's user gesture.
    const allowed = checked ? actions.requestIdlePermission() : Promise.resolve(true);
    setDenied(false);
    setKeep(checked);
    const undo = () => {
      // Set on the element too: a render that ends where it started is skipped, and the click already moved it.
      input.checked = !checked;
      setKeep(!checked);
    };
    allowed
      .then((granted) => {
        if (!granted) {
          undo();
          setDenied(true);
          return;
        }
        return actions.save(w.domain, { keepAlive: checked || undefined }, t(checked ? 'keepAliveSaved' : 'keepAliveCleared', w.domain));
      })
      .catch(undo);
  };

  const base = `check-${w.domain}`;
  const hasUrl = w.checkUrl !== undefined;
  const summary =
    w.checkUrl === undefined ? t('domainCheckSummaryOff') : t(w.keepAlive ? 'domainCheckSummaryKept' : 'domainCheckSummaryOn', w.checkUrl);

  return (
    <details class="domain-warnings domain-check">
      <summary aria-labelledby={`${nameId} ${base}-summary`}>
        <span id={`${base}-summary`} class={hasUrl ? undefined : 'off'}>
          {summary}
        </span>
      </summary>
      <div class="domain-warnings-body">
        <TextSettingField
          id={`${base}-url`}
          label={t('checkUrlLabel', w.domain)}
          hint={t('checkUrlHint', w.domain)}
          saved={w.checkUrl ?? ''}
          placeholder={`https://${w.domain}/`}
          inputMode="url"
          parse={parseUrl}
          onSave={saveUrl}
        />
        <TextSettingField
          id={`${base}-login`}
          label={t('loginPathLabel', w.domain)}
          hint={t('loginPathHint')}
          saved={w.loginPath ?? ''}
          placeholder="/login"
          parse={parseLoginPath}
          onSave={saveLoginPath}
        />
        {hasUrl && <CheckNow domain={w.domain} check={check} onCheck={actions.checkNow} />}
        <div class="switch-field">
          <input
            id={`${base}-keep`}
            type="checkbox"
            role="switch"
            checked={keep}
            disabled={!hasUrl}
            onChange={onKeepAlive}
            aria-describedby={`${base}-keep-hint`}
          />
          <label for={`${base}-keep`}>{t('keepAliveSwitch', w.domain)}</label>
        </div>
        {denied && (
          <p class="error" role="alert">
            {t('keepAliveDenied')}
          </p>
        )}
        <p id={`${base}-keep-hint`} class="hint">
          {!hasUrl
            ? t('keepAliveNeedsUrl')
            : `${t('keepAliveHint')} ${
                blocker === 'fixed'
                  ? t('keepAliveFixedNow', w.domain)
                  : blocker === 'no-timeout'
                    ? t('keepAliveNoTimeout', w.domain)
                    : t('keepAliveFixed')
              }`}
        </p>
      </div>
    </details>
  );
}
