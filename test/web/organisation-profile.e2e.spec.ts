/**
 * Keeping an organisation's public profile on the pages (issue 26), in a real browser: the
 * organisation's own administrator finds it from the navigation, adds it, is told in the
 * pages' own words what is wrong (a missing phone, a number or postcode that is not one), saves
 * it and is told so, and adds, changes and removes a site; an admin reaches every organisation's;
 * a team without the role gets no link and no page. Each page passes axe and fits 320 px.
 * The profile page is written to docs/screenshots.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { apiAs, expectAccessible, startWebSystem, WebSystem } from './web-app';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

describe('keeping a public profile on the pages', () => {
  let system: WebSystem;
  // An organisation of this suite's own, so no other suite's profile changes under it.
  const code = `CTS-W${Date.now() % 100_000}`;

  beforeAll(async () => {
    system = await startWebSystem();
    const admin = await apiAs(system, 'THC-OPS', 'admin');
    await admin.post('/v1/organisations', { code, name: 'Example Recovery Service Ltd', type: 'community-treatment', areas: [] }, 201);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Signed in as a team of the organisation, and as its organisation administrator when asked. */
  async function signedInAs(organisation: string, organisationAdmin: boolean) {
    const context = await system.browser.newContext({ baseURL: system.url, viewport: { width: 1200, height: 900 } });
    // A step that cannot happen fails as itself, well inside the test's own time.
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.locator(`input[name="organisation"][value="${organisation}"]`).check();
    if (organisationAdmin) await page.getByLabel(/Also keep the team’s public profile/).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${system.url}/`);
    return { context, page };
  }

  /** Nothing wider than a 320 px screen (WCAG 1.4.10, reflow). */
  async function fitsSmallScreens(page: Page): Promise<void> {
    await page.setViewportSize({ width: 320, height: 640 });
    expect({ url: page.url(), width: await page.evaluate('document.documentElement.scrollWidth') }).toEqual({ url: page.url(), width: 320 });
    await page.setViewportSize({ width: 1200, height: 900 });
  }

  const errorSummary = (page: Page) => page.locator('.govuk-error-summary').innerText();
  const banner = (page: Page) => page.locator('.govuk-notification-banner').innerText();
  const fact = (page: Page, key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd').first().innerText();

  async function fillAddress(page: Page, address: { line1: string; town: string; postcode: string }) {
    await page.getByLabel('Address line 1', { exact: true }).fill(address.line1);
    await page.getByLabel('Town or city').fill(address.town);
    await page.getByLabel('Postcode').fill(address.postcode);
  }

  it("lets the organisation's administrator add and change the profile and its sites, in plain words", async () => {
    const { context, page } = await signedInAs(code, true);
    await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Public profile', exact: true }).click();
    await page.waitForURL(`${system.url}/organisations/${code}/profile`);
    expect(await page.locator('main').innerText()).toContain('Example Recovery Service Ltd has no public profile yet.');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Add the public profile' }).click();
    await page.getByRole('button', { name: 'Save the public profile' }).click();
    const missing = await errorSummary(page);
    for (const words of ['Enter the name people know the service by', 'Enter the first line of the address', 'Enter the town or city', 'Enter the postcode', 'Enter the telephone number people should call']) {
      expect(missing).toContain(words);
    }
    await expectAccessible(page);

    // What only the API can tell: a number that is not a UK one, a postcode that is not one.
    await page.getByLabel('Name shown to people').fill('Example Recovery');
    await fillAddress(page, { line1: '1 Fictional Road', town: 'Leeds', postcode: 'NOT A CODE' });
    await page.getByLabel('Telephone').fill('12345');
    await page.getByRole('button', { name: 'Save the public profile' }).click();
    const refused = await errorSummary(page);
    expect(refused).toContain('Enter a UK telephone number, like 0113 496 0123');
    expect(refused).toContain('Enter a real postcode, like LS2 7ZZ');
    expect(refused).not.toMatch(/postcode must|phone must|E\.164|isPostalCode/);
    expect(await page.getByLabel('Name shown to people').inputValue()).toBe('Example Recovery');
    await expectAccessible(page);
    await fitsSmallScreens(page);

    await page.getByLabel('Postcode').fill('ls1 4zz');
    await page.getByLabel('Telephone').fill('0113 496 0999');
    await page.getByLabel('Opening hours (optional)').fill('Monday to Friday, 9am to 5pm');
    await page.getByLabel('What to bring (optional)').fill('This letter.');
    await page.getByRole('button', { name: 'Save the public profile' }).click();
    await page.waitForURL(`${system.url}/organisations/${code}/profile`);
    expect(await banner(page)).toContain('Public profile saved');
    expect(await fact(page, 'Address of the main site')).toBe('1 Fictional Road, Leeds, LS1 4ZZ');
    expect(await fact(page, 'Telephone')).toBe('0113 496 0999');
    expect(await fact(page, 'Opening hours')).toBe('Monday to Friday, 9am to 5pm');

    // A site added, changed and removed.
    await page.getByRole('button', { name: 'Add a site' }).click();
    await page.getByLabel('Name of the site').fill('Example Recovery Seacroft');
    await fillAddress(page, { line1: '5 Made Up Lane', town: 'Leeds', postcode: 'LS14 9ZZ' });
    await page.getByRole('button', { name: 'Add the site' }).click();
    await page.waitForURL(`${system.url}/organisations/${code}/profile`);
    expect(await banner(page)).toContain('Example Recovery Seacroft added');
    expect(await page.locator('main').innerText()).toContain('5 Made Up Lane, Leeds, LS14 9ZZ');
    await page.getByRole('link', { name: /^Change.*Example Recovery Seacroft/ }).click();
    await page.getByLabel('Postcode').fill('nope');
    await page.getByRole('button', { name: 'Save the site' }).click();
    expect(await errorSummary(page)).toContain('Enter a real postcode, like LS2 7ZZ');
    await expectAccessible(page);
    await page.getByLabel('Postcode').fill('LS14 8ZZ');
    await page.getByRole('button', { name: 'Save the site' }).click();
    await page.waitForURL(`${system.url}/organisations/${code}/profile`);
    expect(await banner(page)).toContain('Example Recovery Seacroft saved');
    expect(await page.locator('main').innerText()).toContain('5 Made Up Lane, Leeds, LS14 8ZZ');
    await expectAccessible(page);
    await fitsSmallScreens(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'organisation-admin-public-profile.png'), fullPage: true });

    // The booking form offers the new site (the API's profile, read by the task page).
    const api = await apiAs(system, code, 'community-treatment');
    expect((await api.get(`/v1/organisations/${code}/profile`)).sites).toEqual([expect.objectContaining({ name: 'Example Recovery Seacroft' })]);

    await page.getByRole('link', { name: /^Remove.*Example Recovery Seacroft/ }).click();
    expect(await page.locator('h1').innerText()).toBe('Are you sure you want to remove Example Recovery Seacroft?');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Remove the site' }).click();
    await page.waitForURL(`${system.url}/organisations/${code}/profile`);
    expect(await banner(page)).toContain('Example Recovery Seacroft removed');
    expect(await page.locator('main').innerText()).toContain('No other sites');
    expect((await api.get(`/v1/organisations/${code}/profile`)).sites).toEqual([]);

    // Another organisation's profile is no page of theirs.
    expect((await page.goto('/organisations/CTS-LDS/profile'))?.status()).toBe(404);
    await context.close();
    // A whole journey of eight pages, each checked with axe: longer than one page's test.
  }, 300_000);

  it('gives an admin every organisation, and a team without the role no link and no page', async () => {
    const admin = await signedInAs('THC-OPS', false);
    await admin.page.locator('.govuk-service-navigation').getByRole('link', { name: 'Public profiles' }).click();
    await admin.page.waitForURL(`${system.url}/organisations`);
    await admin.page.getByRole('link', { name: 'Forward Leeds', exact: true }).click();
    expect(await fact(admin.page, 'Name shown to people')).toBe('Forward Leeds');
    await expectAccessible(admin.page);
    await admin.context.close();

    const team = await signedInAs(code, false);
    expect(await team.page.getByRole('link', { name: /Public profile/ }).count()).toBe(0);
    expect((await team.page.goto(`/organisations/${code}/profile`))?.status()).toBe(404);
    expect((await team.page.goto(`/organisations/${code}/profile/change`))?.status()).toBe(404);
    expect((await team.page.goto('/organisations'))?.status()).toBe(404);
    await team.context.close();
  });
});
