/**
 * The web app and a real browser for page tests: the API and worker in this process (as the
 * e2e suites run them), the web app in front of the API, and Debian's Chromium driven by
 * playwright-core. Each person gets their own browser context (their own cookies).
 */
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createWebApp } from '../../apps/web/src/bootstrap';
import { loadWebConfig } from '../../apps/web/src/web-config';
import { startApi, startWorker, suiteConfig, tokenFor } from '../support/system';
import { ApiClient } from '../support/api-client';

export interface WebSystem {
  url: string;
  /** The API behind the pages, for a test to set up what would take many pages to. */
  apiUrl: string;
  browser: Browser;
  stop(): Promise<void>;
}

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function startWebSystem(): Promise<WebSystem> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('No Chromium for the page tests: npm test installs Debian’s chromium when run as root, or set CHROMIUM_PATH');
  const config = suiteConfig();
  const worker: INestApplicationContext = await startWorker(config);
  const { app: api, url: apiUrl }: { app: INestApplication; url: string } = await startApi(config);
  const web = await createWebApp(loadWebConfig({ ...process.env, API_URL: apiUrl.replace('[::1]', '127.0.0.1'), WEB_PORT: '0' }));
  await web.app.listen(0, '127.0.0.1');
  const url = (await web.app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  return {
    url,
    apiUrl: apiUrl.replace('[::1]', '127.0.0.1'),
    browser,
    stop: async () => {
      await browser.close();
      await web.close();
      await api.close();
      await worker.close();
    },
  };
}

/** A person at their desk: a fresh browser context, signed in as a team of the given organisation. */
export async function signedIn(system: WebSystem, organisation: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await system.browser.newContext({ baseURL: system.url, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.locator(`input[name="organisation"][value="${organisation}"]`).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${system.url}/`);
  return { context, page };
}

/**
 * WCAG 2.1 AA, as axe-core checks it, and the best-practice rule "region" (all content inside
 * landmarks, so a screen reader's landmark list reaches everything, the identity row and back
 * links too): the violations on the page (none expected).
 */
export async function accessibilityViolations(page: Page): Promise<Array<{ id: string; nodes: number }>> {
  // One run: the WCAG tags with "region" enabled beside them (axe's runOnly and rules combine);
  // details only of violations, the only results read. Legacy mode runs axe.run in the page
  // itself: the default splits each run across frames and finishes it in a new blank page, with
  // axe injected again there, for pages with cross-origin frames, which none of ours has.
  const results = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ rules: { region: { enabled: true } }, resultTypes: ['violations'] })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
}

/** The API as a person of this organisation and role, for what would take many pages to set up. */
export async function apiAs(system: WebSystem, org: string, role: string): Promise<ApiClient> {
  return new ApiClient(system.apiUrl, await tokenFor(org, role));
}

/** No axe violation on this page (the URL is in the expectation, to say which page failed). */
export async function expectAccessible(page: Page): Promise<void> {
  expect({ url: page.url(), violations: await accessibilityViolations(page) }).toEqual({ url: page.url(), violations: [] });
}

/** Chooses the area released to by name: typed into the autocomplete with JavaScript, from the select without. */
export async function chooseArea(page: Page, name: string): Promise<void> {
  const field = page.getByLabel('Local authority area released to');
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') return void (await field.selectOption({ label: name }));
  await field.fill(name);
  await page.getByRole('option', { name, exact: true }).click();
}
