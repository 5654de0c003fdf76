/** pageHost("https://App.example.com:8443/x") -> "app.example.com"; null for a page without web cookies (about:, file:, the browser's own). */
export function pageHost(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? hostname : null;
}
