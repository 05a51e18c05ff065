/**
 * "Your appointments after release" in a real browser (issue 26): the service books the first
 * appointment at one of its sites on the booking form, the prison records the bridge's
 * pharmacy on its form, the pathway page shows both, and the plan the prison prints fits one
 * A4 page in Chromium's print media, passes axe, reads on a phone and holds no codes. Probation
 * cannot open it (Page not found). The printed page is written to docs/screenshots.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addDays } from '@throughcare/domain';
import { DEFAULT_RELEASE } from '../support/dates';
import { registration, tokenFor } from '../support/system';
import { accessibilityViolations, expectAccessible, signedIn, startWebSystem, WebSystem } from './web-app';
import { dayInWordsForTest } from './words';

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

/** The pages of a PDF Chromium wrote: its page objects (Skia writes them uncompressed). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;

describe('the plan on paper at the gate', () => {
  let system: WebSystem;

  beforeAll(async () => {
    system = await startWebSystem();
  });

  afterAll(async () => {
    await system?.stop();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (token: string, method: string, route: string, body?: object): Promise<any> => {
    const res = await fetch(`${system.apiUrl}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res.json();
  };


  it('has an accessibility check that finds a WCAG failure and content outside landmarks in the same run', async () => {
    const context = await system.browser.newContext();
    try {
      const page = await context.newPage();
      await page.setContent('<html lang="en"><head><title>Check</title></head><body><p>Outside every landmark</p><main><h1>Check</h1><img src="x.png"></main></body></html>');
      expect((await accessibilityViolations(page)).map((v) => v.id).sort()).toEqual(['image-alt', 'region']);
    } finally {
      await context.close();
    }
  });

  const fillDate = async (page: Page, prefix: string, date: string) => {
    const [year, month, day] = date.split('-');
    await page.locator(`#${prefix}-day`).fill(String(Number(day)));
    await page.locator(`#${prefix}-month`).fill(String(Number(month)));
    await page.locator(`#${prefix}-year`).fill(year);
  };

  it('books at a site and records the pharmacy on the forms, and prints the plan on one A4 page', async () => {
    const [prisonToken, communityToken] = await Promise.all([tokenFor('LEI', 'prison-healthcare'), tokenFor('CTS-LDS', 'community-treatment')]);
    const pathway = await api(prisonToken, 'POST', '/v1/releases', registration({ givenName: 'Alex', familyName: 'Sample' }));
    const taskOf = async (type: string) => (await api(prisonToken, 'GET', `/v1/pathways/${pathway.id}`)).tasks.find((t: { type: string }) => t.type === type);
    await api(prisonToken, 'POST', `/v1/tasks/${(await taskOf('referral')).id}/complete`, {});
    await api(communityToken, 'POST', `/v1/tasks/${(await taskOf('referral-acceptance')).id}/accept`, {});

    // The service books on the form: the day, the time, and where, from its sites.
    const service = await signedIn(system, 'CTS-LDS');
    await service.page.goto(`/tasks/${(await taskOf('appointment-booking')).id}/complete`);
    await fillDate(service.page, 'appointmentAt', DEFAULT_RELEASE.friday);
    await service.page.locator('#appointmentAt-time').fill('10:30');
    expect(await service.page.getByLabel('In person at Forward Leeds', { exact: true }).isChecked()).toBe(true);
    await service.page.getByLabel('In person at Forward Leeds Harehills').check();
    await expectAccessible(service.page);
    await service.page.getByRole('button', { name: 'Book the first appointment' }).click();
    await service.page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    await service.context.close();

    // The prison records the bridge: the pharmacy is asked for, in plain words.
    const nurse = await signedIn(system, 'LEI');
    const page = nurse.page;
    await page.goto(`/tasks/${(await taskOf('ost-bridging')).id}/complete`);
    await page.getByRole('button', { name: 'Record the bridging prescription' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the name of the pharmacy');
    await expectAccessible(page);
    await page.getByLabel('Name of the pharmacy').fill('Quillfeather Pharmacy');
    await page.getByLabel('Address line 1', { exact: true }).fill('14 Imaginary Parade');
    await page.getByLabel('Town or city').fill('Leeds');
    await page.getByLabel('Postcode').fill('LS9 8ZZ');
    await fillDate(page, 'firstCollectionOn', DEFAULT_RELEASE.thursday);
    await page.getByRole('button', { name: 'Record the bridging prescription' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);

    const fact = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd');
    expect(await fact('Where').innerText()).toBe('Forward Leeds Harehills, 3 Sample Road, Leeds LS8 5ZZ');
    expect(await fact('Pharmacy').innerText()).toBe('Quillfeather Pharmacy, 14 Imaginary Parade, Leeds LS9 8ZZ');
    expect(await fact('First collection').innerText()).toBe(dayInWordsForTest(DEFAULT_RELEASE.thursday));

    await page.getByRole('link', { name: 'Print the plan for the person to take with them' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}/plan`);
    const text = await page.locator('main').innerText();
    for (const words of [
      'Your appointments after release',
      'This is for Alex Sample.',
      `${dayInWordsForTest(DEFAULT_RELEASE.friday)} at 10:30am`,
      'Go to Forward Leeds Harehills.',
      '3 Sample Road, Leeds LS8 5ZZ',
      'Forward Leeds: 0113 496 0123',
      'Quillfeather Pharmacy',
      `You can collect it from ${dayInWordsForTest(DEFAULT_RELEASE.thursday)}`,
      'Naloxone',
      'Leeds Probation Office',
      'In an emergency, call 999.',
    ]) {
      expect(text).toContain(words);
    }
    // No codes, no clinical words, no dates as computers write them.
    expect(text).not.toMatch(/CTS-LDS|PDU-LDS|\bLEI\b|\bOST\b|opioid|substitution|\d{4}-\d{2}-\d{2}/i);
    await expectAccessible(page);

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1200, height: 900 });

    // In print: only the plan, on one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.moj-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print this page' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdfPages(pdf)).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'release-plan-printed.png'), fullPage: true });
    await nurse.context.close();

    // Probation sees the pathway but not the plan, and is not offered it.
    const probation = await signedIn(system, 'PDU-LDS');
    await probation.page.goto(`/pathways/${pathway.id}`);
    expect(await probation.page.getByRole('link', { name: /Print the plan/ }).count()).toBe(0);
    const refused = await probation.page.goto(`/pathways/${pathway.id}/plan`);
    expect(refused?.status()).toBe(404);
    expect(await probation.page.locator('main').innerText()).not.toContain('Quillfeather');
    await probation.context.close();
  });

  it('re-arranges the booked appointment on the form, to a new time by video, and the pathway page and plan follow', async () => {
    const [prisonToken, communityToken] = await Promise.all([tokenFor('LEI', 'prison-healthcare'), tokenFor('CTS-LDS', 'community-treatment')]);
    const pathway = await api(prisonToken, 'POST', '/v1/releases', registration({ givenName: 'Jo', familyName: 'Sample', treatment: { substances: ['alcohol'], onOst: false, consentToShare: true } }));
    const taskOf = async (type: string) => (await api(prisonToken, 'GET', `/v1/pathways/${pathway.id}`)).tasks.find((t: { type: string }) => t.type === type);
    await api(prisonToken, 'POST', `/v1/tasks/${(await taskOf('referral')).id}/complete`, {});
    await api(communityToken, 'POST', `/v1/tasks/${(await taskOf('referral-acceptance')).id}/accept`, {});
    await api(communityToken, 'POST', `/v1/tasks/${(await taskOf('appointment-booking')).id}/complete`, { appointmentAt: `${DEFAULT_RELEASE.friday}T10:00:00Z`, place: { channel: 'in-person', site: 'harehills' } });
    const tuesday = addDays(DEFAULT_RELEASE.friday, 4);

    const service = await signedIn(system, 'CTS-LDS');
    const page = service.page;
    await page.goto(`/pathways/${pathway.id}`);
    await page.getByRole('link', { name: /^Re-arrange the appointment/ }).click();
    expect(await page.locator('h1').innerText()).toBe('Re-arrange the appointment');
    // The form starts on the place booked.
    expect(await page.getByLabel('In person at Forward Leeds Harehills').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Re-arrange the appointment' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Enter the date of the appointment, like 27 3 2027');
    await expectAccessible(page);
    await fillDate(page, 'appointmentAt', tuesday);
    await page.locator('#appointmentAt-time').fill('14:30');
    await page.getByLabel('By video call').check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Re-arrange the appointment' }).click();
    await page.waitForURL(`${system.url}/pathways/${pathway.id}`);
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Re-arrange the appointment: done');
    const fact = (key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).locator('dd').first();
    expect(await fact('When').innerText()).toContain(dayInWordsForTest(tuesday));
    expect(await fact('When').innerText()).toContain('2:30pm');
    expect(await fact('Where').innerText()).toBe('By video call');
    expect(await fact('Re-arranged').isVisible()).toBe(true);
    expect(await page.locator('main').innerText()).toContain('First appointment re-arranged');
    await service.context.close();

    const nurse = await signedIn(system, 'LEI');
    await nurse.page.goto(`/pathways/${pathway.id}/plan`);
    const text = await nurse.page.locator('main').innerText();
    expect(text).toContain(`${dayInWordsForTest(tuesday)} at 2:30pm`);
    expect(text).toContain('It is a video call with Forward Leeds.');
    expect(text).not.toContain('Harehills');
    await nurse.context.close();
  });
});
