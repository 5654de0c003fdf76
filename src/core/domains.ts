/**
 * Turning what a person types or pastes into a watched domain. Uses the
 * Public Suffix List (tldts), so only the worker and the options page import
 * this file; the popup gets `site` from the stored settings instead.
 */
import { parse } from 'tldts';
import type { DomainError } from './domain-errors';

export type NormalizedDomain = { ok: true; domain: string; site: string } | { ok: false; error: DomainError };

const fail = (code: DomainError['code'], detail?: string): NormalizedDomain => ({
  ok: false,
  error: detail === undefined ? { code } : { code, detail },
});

/** "https://user:pw@Shop.Example.com:8443/cart?x#y" -> "Shop.Example.com" */
function hostPart(text: string): string {
  let rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.split(/[/?#]/, 1)[0] ?? '';
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    return end === -1 ? rest : rest.slice(0, end + 1);
  }
  // One colon followed by digits is a port; several colons are a bare IPv6 address.
  return /^[^:]*:\d*$/.test(rest) ? rest.slice(0, rest.indexOf(':')) : rest;
}

/** canonicalIp("127.000.0.1") -> null (ambiguous octal-looking forms are refused); ("[::1]") -> "[::1]" */
function canonicalIp(host: string): string | null | undefined {
  if (host.includes(':')) {
    try {
      return new URL(`http://[${host.replace(/^\[|\]$/g, '')}]/`).hostname;
    } catch {
      return null;
    }
  }
  if (/^[\d.]+$/.test(host) && /^\d/.test(host) && /\d$/.test(host)) {
    const parts = host.split('.');
    const valid = parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
    return valid ? host : null;
  }
  return undefined;
}

/**
 * Normalise and validate a typed domain against those already watched.
 * normalizeDomain(" https://*.Shop.EXAMPLE.com./x ", []) -> {ok: true, domain: 'shop.example.com', site: 'example.com'}
 * normalizeDomain("co.uk", []) -> {ok: false, error: {code: 'public-suffix', detail: 'co.uk'}}
 */
export function normalizeDomain(input: string, existing: readonly string[]): NormalizedDomain {
  const trimmed = input.trim();
  if (trimmed === '') return fail('empty');
  const space = /\s/.exec(trimmed);
  if (space) return fail('inner-space');

  let host = hostPart(trimmed).toLowerCase();
  host = host.replace(/^\*\./, '').replace(/^\./, '').replace(/\.$/, '');
  if (host === '') return fail('empty');

  const ip = canonicalIp(host);
  if (ip === null) return fail('invalid', host);
  if (ip !== undefined) {
    return existing.includes(ip) ? fail('duplicate', ip) : { ok: true, domain: ip, site: ip };
  }

  const bad = /[^\p{L}\p{N}\p{M}._-]/u.exec(host);
  if (bad) return fail('invalid-char', bad[0]);
  const labels = host.split('.');
  if (labels.some((l) => l === '')) return fail('empty-label');

  let ascii: string;
  try {
    // The URL parser applies UTS #46: the same punycode the browser uses for cookies.
    ascii = new URL(`http://${host}/`).hostname;
  } catch {
    return fail('invalid', host);
  }
  if (!/^[a-z0-9._-]+$/.test(ascii)) return fail('invalid', host);
  const asciiLabels = ascii.split('.');
  const long = asciiLabels.find((l) => l.length > 63);
  if (long) return fail('label-too-long', long);
  if (ascii.length > 253) return fail('name-too-long');
  const hyphen = asciiLabels.find((l) => l.startsWith('-') || l.endsWith('-'));
  if (hyphen) return fail('hyphen-edge', hyphen);

  const parsed = parse(ascii, { allowPrivateDomains: true });
  const known = parsed.isIcann === true || parsed.isPrivate === true;
  if (known && parsed.publicSuffix === ascii) return fail('public-suffix', ascii);
  // Unlisted suffixes (.test, .internal) follow the list's default rule: the last label.
  const site = parsed.domain ?? ascii;
  return existing.includes(ascii) ? fail('duplicate', ascii) : { ok: true, domain: ascii, site };
}
