import { describe, expect, it } from 'vitest';
import { normalizeDomain } from '../../src/core/domains';

describe('normalizeDomain accepts and normalises', () => {
  it.each([
    ['example.com', 'example.com', 'example.com'],
    ['  Example.COM  ', 'example.com', 'example.com'],
    ['https://example.com/login?next=/', 'example.com', 'example.com'],
    ['http://user:secret@Shop.Example.com:8443/cart#top', 'shop.example.com', 'example.com'],
    ['*.example.com', 'example.com', 'example.com'],
    ['.example.com', 'example.com', 'example.com'],
    ['example.com.', 'example.com', 'example.com'],
    ['app.example.co.uk', 'app.example.co.uk', 'example.co.uk'],
    ['bücher.example', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['https://münchen.de/', 'xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
    ['localhost', 'localhost', 'localhost'],
    ['http://localhost:8000/admin/', 'localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1', '127.0.0.1'],
    ['http://127.0.0.1:8000/', '127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]', '[::1]'],
    ['http://[::1]:3000/x', '[::1]', '[::1]'],
    ['2001:db8::1', '[2001:db8::1]', '[2001:db8::1]'],
    ['myname.github.io', 'myname.github.io', 'myname.github.io'],
    ['app.example.test', 'app.example.test', 'example.test'],
    ['intranet', 'intranet', 'intranet'],
    ['a_b.example.com', 'a_b.example.com', 'example.com'],
  ])('%j -> %s (site %s)', (input, domain, site) => {
    expect(normalizeDomain(input, [])).toEqual({ ok: true, domain, site });
  });
});

describe('normalizeDomain refuses with a specific reason', () => {
  it.each([
    ['', 'empty', undefined],
    ['   ', 'empty', undefined],
    ['https:///', 'empty', undefined],
    ['exa mple.com', 'inner-space', undefined],
    ['com', 'public-suffix', 'com'],
    ['co.uk', 'public-suffix', 'co.uk'],
    ['github.io', 'public-suffix', 'github.io'],
    ['*.co.uk', 'public-suffix', 'co.uk'],
    ['exa$mple.com', 'invalid-char', '$'],
    ['example.com<script>', 'invalid-char', '<'],
    ['example..com', 'empty-label', undefined],
    [`${'a'.repeat(64)}.com`, 'label-too-long', 'a'.repeat(64)],
    [`${'abcdefghi.'.repeat(26)}com`, 'name-too-long', undefined],
    ['-bad.example.com', 'hyphen-edge', '-bad'],
    ['256.1.1.1', 'invalid', '256.1.1.1'],
    ['[::zz]', 'invalid', '[::zz]'],
  ])('%j -> %s', (input, code, detail) => {
    const result = normalizeDomain(input, []);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual(detail === undefined ? { code } : { code, detail });
  });

  it.each([
    ['example.com', ['example.com'], 'example.com'],
    ['HTTPS://EXAMPLE.COM/', ['example.com'], 'example.com'],
    ['127.0.0.1', ['127.0.0.1'], '127.0.0.1'],
  ])('%j is a duplicate of %j', (input, existing, detail) => {
    expect(normalizeDomain(input, existing)).toEqual({ ok: false, error: { code: 'duplicate', detail } });
  });
});
