/**
 * The sites and cookies a bench run seeds. Each site is its own registrable
 * domain (s001.test, …): Chromium keeps at most 180 cookies per registrable
 * domain, so subdomains of one parent would evict each other.
 */

/** site(7) -> "s007.test" */
export const site = (/** @type {number} */ i, prefix = 's') => `${prefix}${String(i + 1).padStart(3, '0')}.test`;

/** A watched domain as the options page stores it (the site is the domain: no public suffix list entry for .test). */
export const watched = (/** @type {string} */ domain) => ({ domain, site: domain, leadMinutes: null, warnings: true });

/** The popup shows session cookies by default: one framework name per site, three ordinary cookies. */
const ORDINARY = ['csrftoken', 'theme', '_ga'];

/**
 * A cookie for context.addCookies (CDP Storage.setCookies): host-only on
 * https://<host>/, expiring `lifetimeS` from `nowMs`.
 * @param {string} host
 * @param {string} name
 * @param {number} nowMs
 * @param {number} lifetimeS
 * @returns {Parameters<import('playwright-core').BrowserContext['addCookies']>[0][number]}
 */
export function cookie(host, name, nowMs, lifetimeS, { httpOnly = false, value = 'v' } = {}) {
  return {
    name,
    value,
    url: `https://${host}/`,
    expires: Math.floor(nowMs / 1000) + lifetimeS,
    httpOnly,
    secure: true,
    sameSite: 'Lax',
  };
}

/**
 * Lifetimes under an hour, spread over the sites and cookies, so every
 * Remaining cell changes its text every second (an hour or more reads
 * "1 h 02 m" and changes once a minute).
 */
export const tickingLifetime = (/** @type {number} */ i) => 20 * 60 + ((i * 37) % (35 * 60));

/**
 * `perSite` cookies on each of `sites` sites: sessionid, then csrftoken, theme, _ga, then pref4, pref5, …
 * @param {number} sites
 * @param {number} perSite
 * @param {number} nowMs
 */
export function siteCookies(sites, perSite, nowMs, { from = 0, prefix = 's' } = {}) {
  /** @type {ReturnType<typeof cookie>[]} */
  const out = [];
  for (let s = 0; s < sites; s += 1) {
    const host = site(s, prefix);
    for (let c = from; c < perSite; c += 1) {
      const name = c === 0 ? 'sessionid' : (ORDINARY[c - 1] ?? `pref${c}`);
      out.push(cookie(host, name, nowMs, tickingLifetime(s * perSite + c), { httpOnly: c === 0 }));
    }
  }
  return out;
}

/** The id the worker gives a host-only cookie of the default store. */
export const recordId = (/** @type {string} */ host, /** @type {string} */ name) => `0|${host}|/|${name}`;

/**
 * A record exactly as the worker writes it for a live cookie (for seeding
 * more watched cookies than one Chromium profile's cookie jar can hold).
 * @param {string} host
 * @param {string} name
 * @param {number} nowMs
 * @param {number} lifetimeS
 * @param {boolean} httpOnly
 * @returns {import('../pages/setup.js').CookieRecord}
 */
export function liveRecord(host, name, nowMs, lifetimeS, httpOnly) {
  return {
    id: recordId(host, name),
    name,
    domain: host,
    path: '/',
    storeId: '0',
    hostOnly: true,
    secure: true,
    httpOnly,
    sameSite: 'lax',
    expiresAt: (Math.floor(nowMs / 1000) + lifetimeS) * 1000,
    firstSeen: nowMs,
    lastRefreshed: nowMs,
    ended: null,
    refreshes: 0,
    grantMs: lifetimeS * 1000,
    tokenExpiresAt: null,
  };
}
