// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_HINT_KEY } from '../../src/core/first-screen';
import { keepFirstScreenHint, readFirstScreenHint } from '../../src/platform/first-screen-hint';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  localStorage.clear();
});

describe('the first screen hint', () => {
  it('reads back the ids it kept', () => {
    expect(readFirstScreenHint()).toEqual([]);
    keepFirstScreenHint(['0|shop.test|/|sessionid', '0|bank.test|/|sessionid']);
    expect(localStorage.getItem(FIRST_SCREEN_HINT_KEY)).toBe('["0|shop.test|/|sessionid","0|bank.test|/|sessionid"]');
    expect(readFirstScreenHint()).toEqual(['0|shop.test|/|sessionid', '0|bank.test|/|sessionid']);
  });

  it('writes only when the ids changed', () => {
    keepFirstScreenHint(['a']);
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    keepFirstScreenHint(['a']);
    expect(setItem).not.toHaveBeenCalled();
    keepFirstScreenHint(['a', 'b']);
    expect(setItem).toHaveBeenCalledTimes(1);
  });

  it('reads a corrupt hint as none', () => {
    localStorage.setItem(FIRST_SCREEN_HINT_KEY, '{"not":"a list"');
    expect(readFirstScreenHint()).toEqual([]);
  });

  it('is none, and keeping it changes nothing, where localStorage is blocked or full', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    expect(readFirstScreenHint()).toEqual([]);
    expect(() => keepFirstScreenHint(['a'])).not.toThrow();
  });

  it('is none where the page has no localStorage', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(readFirstScreenHint()).toEqual([]);
    expect(() => keepFirstScreenHint(['a'])).not.toThrow();
  });
});
