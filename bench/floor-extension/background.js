// The cheapest listeners the browser can deliver a cookie change and a request to:
// every event still crosses into this worker, so its cost is the floor for the product's.
chrome.cookies.onChanged.addListener(() => {});

// The same three request events as the product, with its filter, and no extra info asked for.
const FILTER = { urls: ['http://*/*', 'https://*/*'] };
chrome.webRequest.onSendHeaders.addListener(() => {}, FILTER);
chrome.webRequest.onCompleted.addListener(() => {}, FILTER);
chrome.webRequest.onBeforeRedirect.addListener(() => {}, FILTER);
