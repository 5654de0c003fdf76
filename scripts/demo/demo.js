// The demo page's only script: buttons post with fetch so the page stays in
// place, and the headers each answer carried are listed. Text only, never markup.
'use strict';

/** The page's own elements: it is served with them (index.html). */
const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @param {string} text */
function note(text) {
  const item = document.createElement('li');
  item.textContent = text;
  byId('log').prepend(item);
  byId('log-empty').hidden = true;
}

/** @param {HTMLFormElement} form */
async function send(form) {
  const button = form.querySelector('button');
  const label = (button?.textContent ?? '').trim();
  try {
    const res = await fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    /** @type {unknown} */
    const body = await res.json();
    const answer = /** @type {{ at: number; setCookie: string[] }} */ (body);
    const time = new Date(answer.at).toLocaleTimeString();
    const headers = answer.setCookie.length > 0 ? answer.setCookie.map((h) => `Set-Cookie: ${h}`).join('\n') : 'no Set-Cookie header';
    note(`${time}  ${label}\n${headers}`);
  } catch (err) {
    note(`${label} failed: ${err instanceof Error ? err.message : String(err)}. Is the demo still running?`);
  }
}

for (const form of document.querySelectorAll(/** @type {'form'} */ ('form.action'))) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(form).catch((err) => console.error(err));
  });
}

fetch('/extension.json')
  .then((res) => res.json())
  .then((/** @type {{ popupUrl?: unknown }} */ info) => {
    if (typeof info.popupUrl !== 'string') return;
    const link = /** @type {HTMLAnchorElement} */ (byId('popup-link'));
    link.href = info.popupUrl;
    link.textContent = info.popupUrl;
    byId('popup-tab').hidden = false;
  })
  .catch(() => {});
