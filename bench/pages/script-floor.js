// A reference, not a budget floor: the least any Manifest V3 page that runs
// code can do. Inline scripts are refused by the extension pages' content
// security policy, so even a page that shows nothing loads one script file.
performance.mark('session-watch:ready');
document.documentElement.dataset.ready = 'true';
