import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUrlFor, isLoopback } from '../../src/core/check-url';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261206);
const bank = { domain: 'bank.example', site: 'bank.example' };
const app = { domain: 'app.example.com', site: 'example.com' };
const local = { domain: '127.0.0.1', site: '127.0.0.1' };
const localhost = { domain: 'localhost', site: 'localhost' };
const v6 = { domain: '[::1]', site: '[::1]' };
const idn = { domain: 'xn--bcher-kva.example', site: 'xn--bcher-kva.example' };

describe('checkUrlFor', () => {
  it.each([
    ['an https URL on the domain', bank, 'https://bank.example/api/me', 'https://bank.example/api/me'],
    ['spaces around it', bank, '  https://bank.example/api/me  ', 'https://bank.example/api/me'],
    ['a subdomain of the domain', bank, 'https://api.bank.example/me', 'https://api.bank.example/me'],
    ['a query, kept', bank, 'https://bank.example/me?view=1', 'https://bank.example/me?view=1'],
    ['a fragment, dropped', bank, 'https://bank.example/me#top', 'https://bank.example/me'],
    ['upper case in the host, normalised', bank, 'https://BANK.example/me', 'https://bank.example/me'],
    ['a port', bank, 'https://bank.example:8443/me', 'https://bank.example:8443/me'],
    ['plain http on the loopback', local, 'http://127.0.0.1:8000/me', 'http://127.0.0.1:8000/me'],
    ['plain http on localhost', localhost, 'http://localhost:3000/me', 'http://localhost:3000/me'],
    ['plain http on the IPv6 loopback', v6, 'http://[::1]:8000/me', 'http://[::1]:8000/me'],
    ['the scheme in capitals', bank, 'HTTPS://bank.example/me', 'https://bank.example/me'],
    ['backslashes, read as slashes as browsers do', bank, 'https:\\\\bank.example\\me', 'https://bank.example/me'],
    ['an international domain, in its ASCII form', idn, 'https://bücher.example/me', 'https://xn--bcher-kva.example/me'],
  ])('accepts %s', (_name, w, input, url) => {
    expect(checkUrlFor(input, w)).toEqual({ ok: true, url });
  });

  it.each([
    ['nothing', bank, '   ', { code: 'empty' }],
    ['no URL', bank, 'bank.example/me', { code: 'not-url' }],
    ['a file URL', bank, 'file:///etc/passwd', { code: 'scheme', detail: 'file' }],
    ['a javascript URL', bank, 'javascript:alert(1)', { code: 'scheme', detail: 'javascript' }],
    ['an ftp URL', bank, 'ftp://bank.example/me', { code: 'scheme', detail: 'ftp' }],
    ['plain http off the loopback', bank, 'http://bank.example/me', { code: 'not-https' }],
    ['a user name', bank, 'https://me@bank.example/me', { code: 'credentials' }],
    ['a password', bank, 'https://me:pw@bank.example/me', { code: 'credentials' }],
    ['the site as a user name before another host', bank, 'https://bank.example@evil.example/me', { code: 'credentials' }],
    ['a data URL', bank, 'data:text/html,hi', { code: 'scheme', detail: 'data' }],
    ['a port out of range', bank, 'https://bank.example:99999/me', { code: 'not-url' }],
    ['a URL that grows past the limit once encoded', bank, `https://bank.example/${'ü'.repeat(700)}`, { code: 'too-long', detail: '2000' }],
    ['another site', bank, 'https://evil.example/me', { code: 'other-site', detail: 'evil.example' }],
    ['a look-alike host', bank, 'https://bank.example.evil.test/me', { code: 'other-site', detail: 'bank.example.evil.test' }],
    ['a parent of the domain', app, 'https://example.com/me', { code: 'other-site', detail: 'example.com' }],
    ['a sibling of the domain', app, 'https://www.example.com/me', { code: 'other-site', detail: 'www.example.com' }],
    ['another loopback address', local, 'http://127.0.0.2/me', { code: 'other-site', detail: '127.0.0.2' }],
    ['a URL too long', bank, `https://bank.example/${'a'.repeat(2000)}`, { code: 'too-long', detail: '2000' }],
  ])('refuses %s with its own reason', (_name, w, input, error) => {
    expect(checkUrlFor(input, w)).toEqual({ ok: false, error });
  });

  it('never accepts a URL whose host is off the watched domain, whatever the text', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (text) => {
        const answer = checkUrlFor(text, bank);
        if (!answer.ok) return;
        const url = new URL(answer.url);
        expect(url.hostname === 'bank.example' || url.hostname.endsWith('.bank.example')).toBe(true);
        expect(url.protocol).toBe('https:');
      }),
      { seed: SEED, numRuns: 500 },
    );
    // Generated URLs are slow to make on a busy machine.
  }, 30_000);

  it('accepts every https URL on the domain, and gives back one that it accepts unchanged', () => {
    const path = fc.array(fc.stringMatching(/^[a-z0-9_-]{1,8}$/), { maxLength: 4 });
    fc.assert(
      fc.property(fc.constantFrom('', 'api.', 'a.b.'), path, (sub, segments) => {
        const answer = checkUrlFor(`https://${sub}bank.example/${segments.join('/')}`, bank);
        expect(answer.ok).toBe(true);
        if (answer.ok) expect(checkUrlFor(answer.url, bank)).toEqual(answer);
      }),
      { seed: SEED, numRuns: 200 },
    );
  }, 30_000);
});

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['app.localhost', true],
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['localhost.example', false],
    ['example.com', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
