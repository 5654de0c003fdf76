import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CookieRecord } from '../../src/core/types';
import { readRecords, repairRecords } from '../../src/platform/records-store';
import browser, { resetBrowser } from '../fakes/browser';
import { cookieRecordOf } from '../fakes/records';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261126);

beforeEach(() => resetBrowser());

const sound: CookieRecord = cookieRecordOf('sessionid', 'example.com', {
  expiresAt: Date.UTC(2026, 0, 1, 1),
  firstSeen: Date.UTC(2026, 0, 1),
  lastRefreshed: Date.UTC(2026, 0, 1),
  refreshes: 0,
  grantMs: 3_600_000,
  tokenExpiresAt: null,
});

/** A field's value: often what a record holds somewhere, sometimes anything at all. */
const fieldValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1.5,
    1e300,
    Number.NaN,
    '',
    'x',
    'lax',
    { cause: 'expired', at: 5 },
    { cause: 'gone', at: 5 },
    [],
  ),
  fc.anything(),
);

describe('the read path and the repair pass judge a stored record alike', () => {
  it('readRecords keeps exactly the records repairRecords finds nothing wrong with', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...Object.keys(sound), 'partition'), fieldValue, { maxKeys: 4 }), async (changes) => {
        resetBrowser();
        const value = { ...sound, ...changes };
        for (const [field, v] of Object.entries(changes)) if (v === undefined) delete (value as Record<string, unknown>)[field];
        await browser.storage.local.set({ [`cookie:${sound.id}`]: value });
        const kept = (await readRecords()).length === 1;
        const repairs = await repairRecords();
        const flaggedAsMalformed = repairs.some((r) => r.what.endsWith('removed'));
        expect(kept).toBe(!flaggedAsMalformed);
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });
});
