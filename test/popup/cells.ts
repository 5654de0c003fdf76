import { within } from '@testing-library/preact';
import type { CookieRecord } from '../../src/core/types';

/** The cells of the popup's row for `r`, by column; throws if the table shows no such row. */
export function cellsOf(r: CookieRecord) {
  const row = [...document.querySelectorAll<HTMLElement>('tr[data-id]')].find((tr) => tr.dataset.id === r.id);
  if (!row) throw new Error(`no row ${r.id}`);
  const [site, cookie, expires, remaining, status] = within(row).getAllByRole('cell');
  return { site: site!, cookie: cookie!, expires: expires!, remaining: remaining!, status: status! };
}
