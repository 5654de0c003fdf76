// A reference, not a budget floor: the least any page that shows stored data
// can do. One read of one absent key from extension storage, then ready.
chrome.storage.local.get('absent').then(
  () => {
    performance.mark('session-watch:ready');
    document.documentElement.dataset.ready = 'true';
  },
  (err) => console.error(err),
);
