/**
 * The host of a page that can have web cookies, lower-cased and without its
 * port; null for any other page (about:, file:, the browser's own) or a URL
 * that does not parse.
 * pageHost("https://App.example.com:8443/x") -> "app.example.com"; pageHost("chrome://extensions") -> null
 */
export function pageHost(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? hostname : null;
}
