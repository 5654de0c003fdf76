// The demo page's only script: buttons post with fetch so the page stays in
// place, and the headers each answer carried are listed. Text only, never markup.
'use strict';

function note(text) {
  const item = document.createElement('li');
  item.textContent = text;
  document.getElementById('log').prepend(item);
  document.getElementById('log-empty').hidden = true;
}

async function send(form) {
  const button = form.querySelector('button');
  const label = button.textContent.trim();
  try {
    const res = await fetch(form.action, { method: 'POST', headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const answer = await res.json();
    const time = new Date(answer.at).toLocaleTimeString();
    const headers = answer.setCookie.length > 0 ? answer.setCookie.map((h) => `Set-Cookie: ${h}`).join('\n') : 'no Set-Cookie header';
    note(`${time}  ${label}\n${headers}`);
  } catch (err) {
    note(`${label} failed: ${err.message}. Is the demo still running?`);
  }
}

for (const form of document.querySelectorAll('form.action')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send(form);
  });
}

fetch('/extension.json')
  .then((res) => res.json())
  .then((info) => {
    if (typeof info.popupUrl !== 'string') return;
    const link = document.getElementById('popup-link');
    link.href = info.popupUrl;
    link.textContent = info.popupUrl;
    document.getElementById('popup-tab').hidden = false;
  })
  .catch(() => {});
