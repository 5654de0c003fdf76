import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const messages = JSON.parse(
  // jsdom replaces URL, so the path is built without it.
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../_locales/en/messages.json'), 'utf8'),
) as Record<string, Entry>;

/**
 * browser.i18n over the real English catalogue, with the browsers' rules:
 * named placeholders resolve to their `content`, `$1`..`$9` to the
 * substitutions, `$$` to `$`; an unknown name gives "" (and a test fails
 * loudly on it rather than rendering nothing).
 */
export function getMessage(name: string, substitutions?: string | string[]): string {
  const entry = messages[name];
  if (!entry) throw new Error(`i18n: no message named "${name}" in _locales/en/messages.json`);
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const fill = (text: string) => text.replace(/\$\$|\$(\d)/g, (m, d?: string) => (d === undefined ? m : (subs[Number(d) - 1] ?? '')));
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_m, ph: string) => {
    const content = entry.placeholders?.[ph.toLowerCase()]?.content;
    return content ?? '';
  });
  return fill(named).replace(/\$\$/g, '$');
}

export const i18n = {
  getMessage,
  getUILanguage: () => 'en-US',
};
