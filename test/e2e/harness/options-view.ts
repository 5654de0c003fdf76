/** Drives the options page as the DOM contract describes it. */
import type { Driver, TabHandle } from './driver';
import { mark } from './dom-marker';
import { waitFor } from './wait';

export interface DomainItem {
  text: string;
  buttons: string[];
}

export function readDomains(page: TabHandle): Promise<DomainItem[]> {
  return page.evaluate(() => {
    const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
    const list = document.querySelector('ul[aria-label="Watched domains"]');
    return Array.from(list?.querySelectorAll(':scope > li') ?? []).map((li) => ({
      text: norm(li.textContent),
      buttons: Array.from(li.querySelectorAll('button')).map((b) => norm(b.getAttribute('aria-label') ?? b.textContent)),
    }));
  }, null);
}

/** The list item of a domain: the one with a "Remove <domain>" button. */
export function itemFor(items: DomainItem[], domain: string): DomainItem | undefined {
  return items.find((i) => i.buttons.includes(`Remove ${domain}`));
}

/** Types the domain into "Domain", presses "Add", and waits for it to be listed. */
export async function addDomain(page: TabHandle, domain: string, timeout = 5000): Promise<DomainItem> {
  const field = await mark(page, { field: 'Domain' });
  await page.type(field, domain);
  await page.click(await mark(page, { button: 'Add' }));
  let items: DomainItem[] = [];
  try {
    return await waitFor(
      async () => {
        items = await readDomains(page);
        return itemFor(items, domain);
      },
      { timeout, message: `${domain} in the "Watched domains" list` },
    );
  } catch (err) {
    const alert = await page.evaluate(
      () =>
        Array.from(document.querySelectorAll('[role="alert"]'))
          .map((a) => a.textContent ?? '')
          .join(' | '),
      null,
    );
    throw new Error(`${(err as Error).message}; list: ${JSON.stringify(items)}; alerts: "${alert}"`, { cause: err });
  }
}

export async function removeDomain(page: TabHandle, domain: string, timeout = 5000): Promise<void> {
  await page.click(await mark(page, { button: `Remove ${domain}` }));
  await waitFor(async () => (itemFor(await readDomains(page), domain) ? undefined : true), {
    timeout,
    message: `${domain} to leave the "Watched domains" list`,
  });
}

/** Watches each domain through the options page and waits for "Access granted"; returns the options tab. */
export async function watchDomains(driver: Driver, domains: readonly string[]): Promise<TabHandle> {
  const options = await driver.openExtensionPage('options.html');
  for (const domain of domains) {
    await addDomain(options, domain);
    await waitFor(async () => (itemFor(await readDomains(options), domain)?.text.includes('Access granted') ? true : undefined), {
      timeout: 5000,
      message: `"Access granted" for ${domain}`,
    });
  }
  return options;
}

/**
 * Replaces "Warning lead (minutes)" as a person would (select the number,
 * type the new one, Enter) and waits until the page says it was saved;
 * returns what the page announced.
 */
export async function setLeadMinutes(page: TabHandle, minutes: number, timeout = 5000): Promise<string> {
  const field = await mark(page, { field: 'Warning lead (minutes)' });
  await page.evaluate((selector) => {
    const input = document.querySelector<HTMLInputElement>(selector);
    input?.focus();
    input?.select();
  }, field);
  await page.type(field, String(minutes));
  await page.press(field, 'Enter');
  const seen = () =>
    page.evaluate(
      (selector) => ({
        value: document.querySelector<HTMLInputElement>(selector)?.value ?? null,
        status: Array.from(document.querySelectorAll('[role="status"]'))
          .map((s) => (s.textContent ?? '').trim())
          .join(' | '),
        alerts: Array.from(document.querySelectorAll('[role="alert"]'))
          .map((a) => (a.textContent ?? '').trim())
          .join(' | '),
      }),
      field,
    );
  try {
    return await waitFor(
      async () => {
        const s = await seen();
        return s.value === String(minutes) && s.alerts === '' && s.status.includes(String(minutes)) ? s.status : undefined;
      },
      { timeout, message: `the warning lead of ${minutes} min to be saved` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; page: ${JSON.stringify(await seen())}`, { cause: err });
  }
}

/** Opens the domain's own warnings (a <details> under it in the list), as a person would by clicking its summary. */
export async function openDomainDetails(page: TabHandle, domain: string): Promise<void> {
  const selector = await page.evaluate((label) => {
    const item = Array.from(document.querySelectorAll('ul[aria-label="Watched domains"] > li')).find((li) =>
      Array.from(li.querySelectorAll('button')).some((b) => b.getAttribute('aria-label') === label),
    );
    const details = item?.querySelector('details');
    if (!details) return null;
    if (details.open) return '';
    const token = `m${Math.random().toString(36).slice(2)}`;
    details.querySelector('summary')?.setAttribute('data-e2e-mark', token);
    return `[data-e2e-mark="${token}"]`;
  }, `Remove ${domain}`);
  if (selector === null) throw new Error(`no warnings disclosure under ${domain}`);
  if (selector !== '') await page.click(selector);
}

/** Types the site's idle timeout into "Idle timeout of <domain> (minutes)", presses Enter, and waits for the page to say it was saved. */
export async function setIdleMinutes(page: TabHandle, domain: string, minutes: number, timeout = 5000): Promise<string> {
  await openDomainDetails(page, domain);
  const field = await mark(page, { field: `Idle timeout of ${domain} (minutes)` });
  await page.type(field, String(minutes));
  await page.press(field, 'Enter');
  const status = () =>
    page.evaluate(
      () =>
        Array.from(document.querySelectorAll('[role="status"], [role="alert"]'))
          .map((s) => (s.textContent ?? '').trim())
          .join(' | '),
      null,
    );
  return waitFor(
    async () => {
      const s = await status();
      return s.includes(`${domain} logs you out after ${minutes} min idle`) ? s : undefined;
    },
    { timeout, message: `the idle timeout of ${minutes} min for ${domain} to be saved` },
  ).catch(async (err: unknown) => {
    throw new Error(`${(err as Error).message}; page says: "${await status()}"`);
  });
}
