// A reference, not a budget floor: the least any popup can do before it lists
// its rows. The same storage reads as the popup (everything in sync storage,
// the cookie: items of local storage, parsed), the session cookies (all cookies when
// "Show all cookies" is on) sorted by when they end, and the first 50 of them
// as plain rows of five text cells, no framework.
const FIRST_ROWS = 50;
const local = chrome.storage.local;
Promise.all([chrome.storage.sync.get(null), local.getKeys().then((keys) => local.get(keys.filter((k) => k.startsWith('cookie:'))))]).then(
  ([sync, items]) => {
    const showAll = /** @type {{ settings?: { showAllCookies?: unknown } }} */ (sync).settings?.showAllCookies === true;
    const body = /** @type {HTMLElement} */ (document.getElementById('rows'));
    // Records are stored as JSON text.
    const listed = Object.values(items)
      .map((text) => {
        /** @type {unknown} */
        const record = JSON.parse(/** @type {string} */ (text));
        return /** @type {{ id: string; domain: string; name: string; expiresAt: number }} */ (record);
      })
      .filter((r) => showAll || r.name === 'sessionid')
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, FIRST_ROWS);
    for (const r of listed) {
      const tr = document.createElement('tr');
      tr.dataset.id = r.id;
      const left = Math.max(0, Math.ceil((r.expiresAt - Date.now()) / 1000));
      for (const text of [r.domain, r.name, new Date(r.expiresAt).toISOString(), `${Math.floor(left / 60)}:${left % 60}`, 'Active']) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      body.append(tr);
    }
    performance.mark('session-watch:ready');
    document.documentElement.dataset.ready = 'true';
  },
  (err) => console.error(err),
);
