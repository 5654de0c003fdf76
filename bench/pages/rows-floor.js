// The popup-ready floor: the least a popup that lists stored sessions can
// do. One read of one storage key that holds the display data of the first
// 50 rows (written by the bench setup page from the records, as JSON text,
// the cheapest form for the browser to hand a page), then 50 plain rows of
// five text cells, no framework. Whatever the number of cookies, this is
// what a first screen costs.
chrome.storage.local.get('benchFloorRows').then(
  (items) => {
    /** @type {unknown} */
    const parsed = JSON.parse(/** @type {string} */ (items.benchFloorRows ?? '[]'));
    const rows = /** @type {{ id: string; site: string; name: string; expires: string; remaining: string; status: string }[]} */ (parsed);
    const body = /** @type {HTMLElement} */ (document.getElementById('rows'));
    for (const r of rows) {
      const tr = document.createElement('tr');
      tr.dataset.id = r.id;
      for (const text of [r.site, r.name, r.expires, r.remaining, r.status]) {
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
