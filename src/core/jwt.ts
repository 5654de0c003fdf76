/**
 * Reading the expiry out of a cookie whose value is a JSON Web Token
 * (RFC 7519). Only `exp` and `iat` come out; the token itself is never kept.
 * Anything that is not a well-formed JWT gives null, never an exception:
 * cookie values are written by web pages and may be hostile.
 */

/** Real tokens are well under this; a longer value is not worth decoding. */
const MAX_TOKEN_LENGTH = 8192;
/** Seconds since the epoch beyond the year 9999 are not a date anyone means. */
const MAX_SECONDS = 253_402_300_799;
const PART = /^[A-Za-z0-9_-]+$/;

export interface TokenTimes {
  /** When the token expires, epoch ms. */
  expiresAt: number | null;
  /** When it was issued, epoch ms. */
  issuedAt: number | null;
}

/** decodePart("eyJhbGciOiJIUzI1NiJ9") -> {alg: "HS256"}; not base64url JSON of an object -> null */
function decodePart(part: string): Record<string, unknown> | null {
  if (!PART.test(part) || part.length % 4 === 1) return null;
  try {
    const binary = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A NumericDate claim as ms, or null when absent or not a plausible date. */
function numericDate(claims: Record<string, unknown>, name: string): number | null {
  if (!Object.prototype.hasOwnProperty.call(claims, name)) return null;
  const value = claims[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_SECONDS ? Math.round(value * 1000) : null;
}

/**
 * readTokenTimes("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3OTk5OTk5OTl9.sig") -> {expiresAt: 1_799_999_999_000, issuedAt: null}
 * readTokenTimes("not a token") -> null
 */
export function readTokenTimes(value: string): TokenTimes | null {
  if (typeof value !== 'string' || value.length > MAX_TOKEN_LENGTH) return null;
  // Some frameworks quote cookie values or prefix the scheme.
  let token = value.startsWith('"') && value.endsWith('"') && value.length > 1 ? value.slice(1, -1) : value;
  token = token.replace(/^Bearer(%20|\s)/i, '');
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  if (signature !== '' && !PART.test(signature)) return null;
  const header = decodePart(headerPart);
  if (!header || typeof header.alg !== 'string') return null;
  const claims = decodePart(payloadPart);
  if (!claims) return null;
  const expiresAt = numericDate(claims, 'exp');
  const issuedAt = numericDate(claims, 'iat');
  if (expiresAt === null && issuedAt === null) return null;
  return { expiresAt, issuedAt };
}
