// The cheapest listener the browser can deliver a cookie change to: every change
// still crosses into this worker, so its cost is the floor for the product's.
chrome.cookies.onChanged.addListener(() => {});
